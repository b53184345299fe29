using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DiskImages.Tests.Support;

namespace DiskImages.Tests.Signing;

/// <summary>Self-signed certificates with their keys, written as the PEM files systemd-repart and openssl take.</summary>
internal static class TestKeys
{
    public sealed record KeyFiles(string Certificate, string PrivateKey);

    public static KeyFiles Rsa(TempDirectory dir, string name, bool pkcs1 = false)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Write(dir, name, request, pkcs1 ? key.ExportRSAPrivateKeyPem() : key.ExportPkcs8PrivateKeyPem());
    }

    public static KeyFiles Ec(TempDirectory dir, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return Write(dir, name, request, key.ExportECPrivateKeyPem());
    }

    private static KeyFiles Write(TempDirectory dir, string name, CertificateRequest request, string keyPem)
    {
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2045, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var files = new KeyFiles(dir.Combine($"{name}.crt"), dir.Combine($"{name}.key"));
        File.WriteAllText(files.Certificate, certificate.ExportCertificatePem());
        File.WriteAllText(files.PrivateKey, keyPem);
        return files;
    }
}
