using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace DiskImages.Signing;

/// <summary>
/// Checks a root hash signature (<c>NAME.roothash.p7s</c>, or the one in a signature partition) the way systemd does
/// in userspace: it must be a detached PKCS#7 signature over the root hash's lowercase hex text, made by the key of
/// one of the trusted certificates, such as those in <c>/etc/verity.d/</c>. The signer must be one of those
/// certificates itself; chains up to a trusted authority are not followed.
/// </summary>
public static class RootHashSignatureVerifier
{
    /// <summary>
    /// Loads trusted certificates: every certificate in a PEM file, or in every <c>*.crt</c> PEM file of a directory,
    /// as systemd reads <c>verity.d</c>. A directory that does not exist gives none.
    /// </summary>
    /// <exception cref="CryptographicException">A file holds no PEM certificate.</exception>
    public static X509Certificate2Collection LoadCertificates(string fileOrDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileOrDirectory);
        IEnumerable<string> files = Directory.Exists(fileOrDirectory)
            ? Directory.GetFiles(fileOrDirectory, "*.crt").Order(StringComparer.Ordinal)
            : File.Exists(fileOrDirectory) ? [fileOrDirectory] : [];
        var certificates = new X509Certificate2Collection();
        foreach (var file in files)
        {
            var before = certificates.Count;
            certificates.ImportFromPemFile(file);
            if (certificates.Count == before)
            {
                throw new CryptographicException(string.Format(CultureInfo.InvariantCulture, Strings.NoCertificates, file));
            }
        }

        return certificates;
    }

    /// <summary>Checks a DER PKCS#7 signature over <paramref name="rootHash"/> against the trusted certificates.</summary>
    public static RootHashSignatureVerification Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> rootHash, X509Certificate2Collection trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        if (rootHash.IsEmpty)
        {
            throw new ArgumentException(Strings.RootHashEmpty, nameof(rootHash));
        }

        var cms = new SignedCms(new ContentInfo(RootHashSigner.SignedContent(rootHash)), detached: true);
        try
        {
            cms.Decode(signature);
        }
        catch (CryptographicException error)
        {
            return Invalid(string.Format(CultureInfo.InvariantCulture, Strings.NotPkcs7, error.Message));
        }

        // A signature may carry certificates (systemd-repart's and openssl's without -nocerts do: the signer's own).
        // SignerInfo.CheckSignature prefers those to the candidates it is given, so any self-consistent signature
        // would pass: drop them, so that only the trusted certificates can verify it, as systemd's userspace check does.
        foreach (var carried in cms.Certificates.ToArray())
        {
            cms.RemoveCertificate(carried);
        }

        if (cms.SignerInfos.Count == 0)
        {
            return Invalid(Strings.NoSigner);
        }

        foreach (var signer in cms.SignerInfos)
        {
            foreach (var certificate in trusted)
            {
                try
                {
                    // The certificate given as the only candidate: it must be the one the signer names, and its key must verify.
                    signer.CheckSignature([certificate], verifySignatureOnly: true);
                    return new RootHashSignatureVerification(true, certificate, null);
                }
                catch (CryptographicException)
                {
                    // Not this certificate's signature: try the next one.
                }
            }
        }

        return Invalid(string.Format(CultureInfo.InvariantCulture, Strings.NoTrustedSigner, Convert.ToHexStringLower(rootHash), trusted.Count));
    }

    private static RootHashSignatureVerification Invalid(string problem) => new(false, null, problem);
}
