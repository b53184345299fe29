using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DiskImages.Gpt;
using PortableService.Building;
using PortableService.Diagnostics;

namespace PortableService;

public static partial class SpecValidator
{
    /// <summary>
    /// format, architecture, verity and the signing key: the format is known, a key comes with its certificate (or is
    /// a PKCS#12 file), the files exist and load, and a signature has a root hash to sign. Returns the settings.
    /// </summary>
    private static ImageSealing ValidateSealing(PortableServiceSpec spec, List<Diagnostic> diagnostics)
    {
        var format = spec.Format switch
        {
            "squashfs" => ImageFormat.Squashfs,
            "ddi" => ImageFormat.Ddi,
            "directory" => ImageFormat.Directory,
            _ => (ImageFormat?)null,
        };
        if (format is null)
        {
            Error(diagnostics, SpecDiagnosticCodes.FormatInvalid, "$.format", SpecMessages.FormatInvalid, spec.Format);
        }

        DiscoverableArchitecture? architecture = null;
        if (spec.Architecture is { } name)
        {
            architecture = TryGet(name);
            if (architecture is null)
            {
                Error(diagnostics, SpecDiagnosticCodes.ArchitectureUnknown, "$.architecture", SpecMessages.ArchitectureUnknown, name, string.Join(", ", DiscoverablePartitionTypes.All.Select(a => a.Name)));
            }
        }

        if (format == ImageFormat.Directory && (spec.Verity || spec.PrivateKey is not null || spec.Certificate is not null))
        {
            Error(diagnostics, SpecDiagnosticCodes.DirectoryFormatSealed, "$.format", SpecMessages.DirectoryFormatSealed, spec.Verity ? "$.verity" : "a signature");
        }

        var verity = spec.Verity || format == ImageFormat.Ddi;
        ValidateSigningKey(spec, verity, diagnostics);
        return new ImageSealing(format ?? ImageFormat.Squashfs, verity, architecture, spec.Certificate, spec.PrivateKey);
    }

    private static void ValidateSigningKey(PortableServiceSpec spec, bool verity, List<Diagnostic> diagnostics)
    {
        var (key, certificate) = (spec.PrivateKey, spec.Certificate);
        if (key is null && certificate is null)
        {
            return;
        }

        var present = true;
        if (key is not null && !File.Exists(key))
        {
            Error(diagnostics, SpecDiagnosticCodes.PrivateKeyNotFound, "$.privateKey", SpecMessages.PrivateKeyNotFound, key);
            present = false;
        }

        if (certificate is null)
        {
            Error(diagnostics, SpecDiagnosticCodes.PrivateKeyWithoutCertificate, "$.privateKey", SpecMessages.PrivateKeyWithoutCertificate);
            return;
        }

        if (!File.Exists(certificate))
        {
            Error(diagnostics, SpecDiagnosticCodes.CertificateNotFound, "$.certificate", SpecMessages.CertificateNotFound, certificate);
            present = false;
        }

        if (!verity)
        {
            Error(diagnostics, SpecDiagnosticCodes.SigningWithoutVerity, "$.privateKey", SpecMessages.SigningWithoutVerity);
        }

        if (!present)
        {
            return;
        }

        try
        {
            if (key is null && SigningKeyFiles.IsPem(certificate))
            {
                Error(diagnostics, SpecDiagnosticCodes.CertificateWithoutPrivateKey, "$.certificate", SpecMessages.CertificateWithoutPrivateKey, certificate);
                return;
            }

            // Loaded once here so that a key that does not fit its certificate stops the build before any work.
            using var loaded = SigningKeyFiles.Load(certificate, key);
            using var ecdsa = loaded.Certificate.GetECDsaPublicKey();
            if (ecdsa is not null)
            {
                Warning(diagnostics, SpecDiagnosticCodes.SigningKeyNotDeterministic, "$.certificate", SpecMessages.SigningKeyNotDeterministic, certificate);
            }
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            Error(diagnostics, SpecDiagnosticCodes.SigningKeyInvalid, "$.certificate", SpecMessages.SigningKeyInvalid, certificate, e.Message.Trim().TrimEnd('.'));
        }
    }

    private static DiscoverableArchitecture? TryGet(string name)
    {
        try
        {
            return DiscoverablePartitionTypes.Get(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
