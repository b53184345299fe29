using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using DiskImages.Gpt;
using PortableService.Building;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Spec;

namespace PortableService.Validation;

public static partial class SpecValidator
{
    /// <summary>
    /// format, architecture, verity and the signing key: the format is known, a key comes with its certificate (or is
    /// a PKCS#12 file), the files exist and load, and a signature has a root hash to sign. Returns the settings.
    /// </summary>
    private static ImageSealing ValidateSealing(PortableServiceSpec spec, SpecProblems diagnostics)
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
            diagnostics.Error(SpecDiagnosticCodes.FormatInvalid, "$.format", SpecMessages.FormatInvalid, spec.Format);
        }

        DiscoverableArchitecture? architecture = null;
        if (spec.Architecture is { } name)
        {
            architecture = TryGet(name);
            if (architecture is null)
            {
                diagnostics.Error(SpecDiagnosticCodes.ArchitectureUnknown, "$.architecture", SpecMessages.ArchitectureUnknown, name, string.Join(", ", DiscoverablePartitionTypes.All.Select(a => a.Name)));
            }
        }

        if (format == ImageFormat.Directory && (spec.Verity || spec.PrivateKey is not null || spec.Certificate is not null))
        {
            diagnostics.Error(SpecDiagnosticCodes.DirectoryFormatSealed, "$.format", SpecMessages.DirectoryFormatSealed, spec.Verity ? "$.verity" : "a signature");
        }

        var verity = spec.Verity || format == ImageFormat.Ddi;
        ValidateSigningKey(spec, verity, diagnostics);
        return new ImageSealing(format ?? ImageFormat.Squashfs, verity, architecture, spec.Certificate, spec.PrivateKey);
    }

    private const long MaxKeyFileBytes = 1 << 20;

    private static void ValidateSigningKey(PortableServiceSpec spec, bool verity, SpecProblems diagnostics)
    {
        var (key, certificate) = (spec.PrivateKey, spec.Certificate);
        if (key is null && certificate is null)
        {
            return;
        }

        var present = true;
        if (key is not null && !File.Exists(key))
        {
            diagnostics.Error(SpecDiagnosticCodes.PrivateKeyNotFound, "$.privateKey", SpecMessages.PrivateKeyNotFound, key);
            present = false;
        }

        if (certificate is null)
        {
            diagnostics.Error(SpecDiagnosticCodes.PrivateKeyWithoutCertificate, "$.privateKey", SpecMessages.PrivateKeyWithoutCertificate);
            return;
        }

        if (!File.Exists(certificate))
        {
            diagnostics.Error(SpecDiagnosticCodes.CertificateNotFound, "$.certificate", SpecMessages.CertificateNotFound, certificate);
            present = false;
        }

        if (!verity)
        {
            diagnostics.Error(SpecDiagnosticCodes.SigningWithoutVerity, "$.privateKey", SpecMessages.SigningWithoutVerity);
        }

        if (!present)
        {
            return;
        }

        // Keys and certificates are a few kilobytes: a FIFO would block the build, /dev/zero fill its memory.
        foreach (var (file, location) in (IEnumerable<(string?, string)>)[(certificate, "$.certificate"), (key, "$.privateKey")])
        {
            if (file is not null && BoundedFile.Problem(file, MaxKeyFileBytes) is { } problem)
            {
                diagnostics.Error(SpecDiagnosticCodes.SigningKeyInvalid, location, SpecMessages.SigningFileUnusable, location, file, problem);
                return;
            }
        }

        try
        {
            if (key is null && SigningKeyFiles.IsPem(certificate))
            {
                diagnostics.Error(SpecDiagnosticCodes.CertificateWithoutPrivateKey, "$.certificate", SpecMessages.CertificateWithoutPrivateKey, certificate);
                return;
            }

            // Loaded once here so that a key that does not fit its certificate stops the build before any work.
            using var loaded = SigningKeyFiles.Load(certificate, key);
            using var ecdsa = loaded.Certificate.GetECDsaPublicKey();
            if (ecdsa is not null)
            {
                diagnostics.Warning(SpecDiagnosticCodes.SigningKeyNotDeterministic, "$.certificate", SpecMessages.SigningKeyNotDeterministic, certificate);
            }
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(SpecDiagnosticCodes.SigningKeyInvalid, "$.certificate", SpecMessages.SigningKeyInvalid, certificate, e.Message.Trim().TrimEnd('.'));
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
