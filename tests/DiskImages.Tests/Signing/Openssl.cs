using DiskImages.Tests.Support;

namespace DiskImages.Tests.Signing;

/// <summary>openssl smime, as systemd's documentation and the issue name it.</summary>
internal static class Openssl
{
    /// <summary><c>openssl smime -verify</c> of a detached DER signature over the hex text in a file.</summary>
    public static ExternalTool.Result Verify(string signature, string content, string certificate) =>
        ExternalTool.Run("openssl", "smime", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", content,
            "-CAfile", certificate, "-certfile", certificate, "-purpose", "any", "-out", "/dev/null");

    /// <summary>
    /// <c>openssl smime -sign -nocerts -noattr -binary -outform DER</c>, as systemd's documentation signs; with
    /// <paramref name="carryCertificate"/> without -nocerts, so the signature carries the signer's certificate, as
    /// systemd-repart's do.
    /// </summary>
    public static byte[] Sign(string content, TestKeys.KeyFiles key, string output, bool carryCertificate = false)
    {
        string[] certificates = carryCertificate ? [] : ["-nocerts"];
        ExternalTool.RunChecked("openssl", ["smime", "-sign", .. certificates, "-noattr", "-binary", "-in", content, "-inkey", key.PrivateKey,
            "-signer", key.Certificate, "-outform", "DER", "-out", output]);
        return File.ReadAllBytes(output);
    }
}
