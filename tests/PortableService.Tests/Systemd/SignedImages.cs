using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortableService.Building;

namespace PortableService.Tests.Systemd;

/// <summary>The seed's hello example built by our builder with dm-verity, signed or not, as a DDI or with sidecars.</summary>
[SupportedOSPlatform("linux")]
public static class SignedImages
{
    public sealed record KeyFiles(string Certificate, string PrivateKey);

    /// <summary>An RSA key and its self-signed certificate, written as PEM into <paramref name="directory"/>.</summary>
    public static KeyFiles Rsa(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2045, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var files = new KeyFiles(Path.Join(directory, name + ".crt"), Path.Join(directory, name + ".key"));
        File.WriteAllText(files.Certificate, certificate.ExportCertificatePem());
        File.WriteAllText(files.PrivateKey, key.ExportPkcs8PrivateKeyPem());
        return files;
    }

    public static BuiltImage Build(SystemdContainerFixture fixture, string subdirectory, string format, KeyFiles? signer)
    {
        var spec = BuiltImages.HelloSpec() with
        {
            Verity = true,
            Format = format,
            PrivateKey = signer?.PrivateKey,
            Certificate = signer?.Certificate,
        };
        return fixture.Build(spec, subdirectory);
    }
}
