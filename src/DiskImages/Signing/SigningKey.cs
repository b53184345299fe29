using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DiskImages.Signing;

/// <summary>A certificate with its private key, loaded from PEM files or a PKCS#12 file, to sign root hashes with.</summary>
public sealed class SigningKey : IDisposable
{
    private SigningKey(X509Certificate2 certificate)
    {
        Certificate = certificate;
    }

    /// <summary>The certificate, with its private key attached.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Loads a PEM certificate and its PEM private key (<c>PRIVATE KEY</c> as PKCS#8, <c>RSA PRIVATE KEY</c> or
    /// <c>EC PRIVATE KEY</c>): the <c>--certificate</c> and <c>--private-key</c> files systemd-repart takes.
    /// </summary>
    /// <exception cref="CryptographicException">A file holds no such PEM block, or the key does not match the certificate.</exception>
    public static SigningKey FromPemFiles(string certificatePath, string privateKeyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPath);
        return new SigningKey(X509Certificate2.CreateFromPemFile(certificatePath, privateKeyPath));
    }

    /// <summary>Loads the first certificate that has a private key from a PKCS#12 (.p12, .pfx) file.</summary>
    /// <exception cref="CryptographicException">The file is not PKCS#12, the password is wrong, or no certificate has a key.</exception>
    public static SigningKey FromPkcs12File(string path, string? password = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        var withKey = all.FirstOrDefault(certificate => certificate.HasPrivateKey);
        foreach (var other in all.Where(certificate => !ReferenceEquals(certificate, withKey)))
        {
            other.Dispose();
        }

        return withKey is null
            ? throw new CryptographicException(string.Format(CultureInfo.InvariantCulture, Strings.Pkcs12NoKey, path))
            : new SigningKey(withKey);
    }

    /// <inheritdoc />
    public void Dispose() => Certificate.Dispose();
}
