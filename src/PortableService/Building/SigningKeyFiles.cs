using DiskImages.Signing;

namespace PortableService.Building;

/// <summary>
/// Loads the signing key from what the user named: a PEM certificate and its PEM private key (systemd-repart's
/// <c>--certificate</c> and <c>--private-key</c>), or a PKCS#12 file alone. Validation and sealing load it the same way.
/// </summary>
internal static class SigningKeyFiles
{
    /// <exception cref="System.Security.Cryptography.CryptographicException">The files hold no usable certificate and key, or they do not match.</exception>
    public static SigningKey Load(string certificate, string? privateKey) =>
        privateKey is null ? SigningKey.FromPkcs12File(certificate) : SigningKey.FromPemFiles(certificate, privateKey);

    /// <summary>Whether the file is PEM text (starts with a <c>-----BEGIN</c> line) rather than binary PKCS#12.</summary>
    public static bool IsPem(string path)
    {
        Span<byte> start = stackalloc byte[64];
        using var stream = File.OpenRead(path);
        var read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        return System.Text.Encoding.ASCII.GetString(start[..read]).TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);
    }
}
