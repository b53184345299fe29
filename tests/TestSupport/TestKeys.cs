using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PortableService.TestSupport;

/// <summary>Self-signed certificates with their keys, written as the PEM files systemd-repart and openssl take.</summary>
public static class TestKeys
{
    public sealed record KeyFiles(string Certificate, string PrivateKey);

    /// <summary>An RSA key (PKCS#8, or PKCS#1 when asked) and its certificate, as NAME.key and NAME.crt in <paramref name="directory"/>.</summary>
    public static KeyFiles Rsa(string directory, string name, bool pkcs1 = false)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Write(directory, name, request, pkcs1 ? key.ExportRSAPrivateKeyPem() : key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A P-256 key and its certificate, as NAME.key and NAME.crt in <paramref name="directory"/>.</summary>
    public static KeyFiles Ec(string directory, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return Write(directory, name, request, key.ExportECPrivateKeyPem());
    }

    private static KeyFiles Write(string directory, string name, CertificateRequest request, string keyPem)
    {
        Directory.CreateDirectory(directory);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2045, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var files = new KeyFiles(Path.Join(directory, $"{name}.crt"), Path.Join(directory, $"{name}.key"));
        File.WriteAllText(files.Certificate, certificate.ExportCertificatePem());
        File.WriteAllText(files.PrivateKey, keyPem);
        return files;
    }
}
