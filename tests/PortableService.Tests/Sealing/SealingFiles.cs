using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortableService.Tests.Robustness;

namespace PortableService.Tests.Sealing;

/// <summary>Signing keys as the PEM files systemd-repart and openssl take, and the real tools run for their exit code.</summary>
internal static class SealingFiles
{
    public sealed record KeyFiles(string Certificate, string PrivateKey);

    public sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

    public static KeyFiles Rsa(BuildWorkspace work, string name)
    {
        using var key = RSA.Create(2048);
        return Write(work, name, new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), key.ExportPkcs8PrivateKeyPem());
    }

    public static KeyFiles Ec(BuildWorkspace work, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Write(work, name, new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256), key.ExportECPrivateKeyPem());
    }

    /// <summary>Runs a program to the end; its exit code is the caller's to judge.</summary>
    public static ToolResult Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary><c>openssl smime -verify</c> of the detached signature over the root hash's hex text (no newline).</summary>
    public static ToolResult OpensslVerify(BuildWorkspace work, string signature, string rootHashHex, string certificate)
    {
        var content = work.Write("roothash.hex", rootHashHex);
        return Run("openssl", "smime", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", content,
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

    private static KeyFiles Write(BuildWorkspace work, string name, CertificateRequest request, string keyPem)
    {
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2045, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return new KeyFiles(work.Write($"keys/{name}.crt", certificate.ExportCertificatePem()), work.Write($"keys/{name}.key", keyPem));
    }
}
