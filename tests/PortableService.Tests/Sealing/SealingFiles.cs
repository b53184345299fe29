using PortableService.Tests.Robustness;

namespace PortableService.Tests.Sealing;

/// <summary>What the sealing tests check images with: the real openssl, and a damaged byte.</summary>
internal static class SealingFiles
{
    /// <summary><c>openssl smime -verify</c> of the detached signature over the root hash's hex text (no newline).</summary>
    public static ExternalTool.Result OpensslVerify(BuildWorkspace work, string signature, string rootHashHex, string certificate)
    {
        var content = work.Write("roothash.hex", rootHashHex);
        return ExternalTool.Run("openssl", "smime", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", content,
            "-CAfile", certificate, "-certfile", certificate, "-purpose", "any", "-out", "/dev/null");
    }

    /// <summary>Flips every bit of one byte of a file.</summary>
    public static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)~value);
    }
}
