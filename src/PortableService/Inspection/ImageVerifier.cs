using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text;
using DiskImages.Gpt;
using DiskImages.Signing;
using DiskImages.Verity;
using PortableService.Building;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Spec;
using static PortableService.Inspection.ImageInspector;

namespace PortableService.Inspection;

/// <summary>
/// Checks what protects an image, as systemd would before it trusts it: finds the hash tree and root hash (the
/// <c>NAME.verity</c>, <c>NAME.roothash</c> and <c>NAME.roothash.p7s</c> sidecars of a naked image, or a DDI's
/// verity and signature partitions), recomputes the tree over the data, and checks the signature against trusted
/// certificates. Works on images made by us, <c>veritysetup</c> and <c>systemd-repart</c>.
/// </summary>
public static class ImageVerifier
{
    private static ReadOnlySpan<byte> GptSignature => "EFI PART"u8;

    /// <summary>The most systemd-dissect reads from a signature partition.</summary>
    private const long SignaturePartitionMaxSize = 4 * 1024 * 1024;

    /// <summary>A root hash file is one line of hex; anything far larger is not one.</summary>
    private const long RootHashFileMaxSize = 4096;

    /// <summary>Verifies the image at <paramref name="imagePath"/>; every problem is added to <paramref name="findings"/>.</summary>
    public static ImageVerification Verify(string imagePath, InspectionOptions? options, ICollection<Diagnostic> findings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        ArgumentNullException.ThrowIfNull(findings);
        options ??= new InspectionOptions();
        using var image = new FileStream(imagePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        return IsDisk(image) ? VerifyDisk(imagePath, image, options, findings, cancellationToken) : VerifySidecars(imagePath, image, options, findings, cancellationToken);
    }

    /// <summary>A GPT disk has "EFI PART" at the start of its second sector; a squashfs image starts with "hsqs".</summary>
    private static bool IsDisk(FileStream image)
    {
        Span<byte> signature = stackalloc byte[8];
        image.Position = GptTable.SectorSize;
        var isDisk = image.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false) == signature.Length && signature.SequenceEqual(GptSignature);
        image.Position = 0;
        return isDisk;
    }

    private static ImageVerification VerifySidecars(string imagePath, FileStream image, InspectionOptions options, ICollection<Diagnostic> findings, CancellationToken cancellationToken)
    {
        var unprotected = new ImageVerification(ImageFormat.Squashfs, ImageProtection.Unprotected, null, null, null, 0, image.Length);
        var (verityPath, rootHashPath, signaturePath) = VeritySidecars.PathsOf(imagePath);
        var (hasVerity, hasRootHash, hasSignature) = (File.Exists(verityPath), File.Exists(rootHashPath), File.Exists(signaturePath));

        // Sidecars come with the image, from wherever it came: a FIFO would block inspect, /dev/zero fill its memory.
        foreach (var (present, path, maxBytes) in (IEnumerable<(bool, string, long)>)[(hasVerity, verityPath, long.MaxValue), (hasRootHash, rootHashPath, RootHashFileMaxSize), (hasSignature, signaturePath, SignaturePartitionMaxSize)])
        {
            if (present && BoundedFile.Problem(path, maxBytes) is { } problem)
            {
                findings.Add(Error(InspectionCodes.VerityUnreadable, $"{Path.GetFileName(path)} cannot be read: {problem}.", path));
                return unprotected;
            }
        }
        if (!hasVerity && !hasRootHash)
        {
            if (hasSignature)
            {
                findings.Add(Error(InspectionCodes.VerityIncomplete, $"{Path.GetFileName(signaturePath)} signs a root hash, but there is no {Path.GetFileName(rootHashPath)} nor {Path.GetFileName(verityPath)}: systemd cannot set up verity, and an image policy asking for a signed image refuses it.", signaturePath));
            }

            return unprotected;
        }

        if (!hasVerity || !hasRootHash)
        {
            var (present, missing) = hasVerity ? (verityPath, rootHashPath) : (rootHashPath, verityPath);
            findings.Add(Error(InspectionCodes.VerityIncomplete, $"{Path.GetFileName(present)} is there but {Path.GetFileName(missing)} is not: systemd needs both to set up verity. Publish them together (build --verity writes both).", missing));
            return unprotected;
        }

        var rootHashText = File.ReadAllText(rootHashPath, Encoding.ASCII).Trim();
        if (!TryParseRootHash(rootHashText, out var rootHash))
        {
            findings.Add(Error(InspectionCodes.VerityUnreadable, $"{Path.GetFileName(rootHashPath)} does not hold a SHA-256 root hash (64 hex digits and a newline): '{Shorten(rootHashText)}'.", rootHashPath));
            return unprotected;
        }

        var claimed = unprotected with { RootHash = Convert.ToHexStringLower(rootHash) };
        using (var hash = File.OpenRead(verityPath))
        {
            if (!VerifyTree(image, hash, rootHash, Path.GetFileName(verityPath), findings, cancellationToken))
            {
                return claimed;
            }
        }

        var signer = hasSignature ? VerifySignature(File.ReadAllBytes(signaturePath), rootHash, options, signaturePath, findings) : null;
        return claimed with { Protection = signer is null ? ImageProtection.Verity : ImageProtection.Signed, Signer = signer };
    }

    private static ImageVerification VerifyDisk(string imagePath, FileStream image, InspectionOptions options, ICollection<Diagnostic> findings, CancellationToken cancellationToken)
    {
        var unreadable = new ImageVerification(ImageFormat.Ddi, ImageProtection.Unprotected, null, null, null, null, 0);
        GptTable table;
        try
        {
            table = GptTable.Read(image);
        }
        catch (InvalidDataException e)
        {
            findings.Add(Error(InspectionCodes.DiskUnreadable, $"The image has a GPT signature but its partition table is not valid: {e.Message}", imagePath));
            return unreadable;
        }

        var found = DiscoverablePartitionTypes.All
            .Select(a => (Architecture: a, Root: table.Partitions.FirstOrDefault(p => p.Type == a.Root)))
            .FirstOrDefault(f => f.Root is not null);
        if (found.Root is not { } root)
        {
            findings.Add(Error(InspectionCodes.DiskUnreadable, $"The disk image has no discoverable root partition (types: {string.Join(", ", DiscoverablePartitionTypes.All.Select(a => $"{a.Name} {a.Root}"))}): systemd-dissect finds no file system to attach.", imagePath));
            return unreadable;
        }

        var architecture = found.Architecture;
        var unprotected = unreadable with { Architecture = architecture.Name, RootOffset = root.Offset, RootSize = root.Size };
        var verity = table.Partitions.FirstOrDefault(p => p.Type == architecture.RootVerity);
        var signaturePartition = table.Partitions.FirstOrDefault(p => p.Type == architecture.RootVeritySignature);
        if (verity is null)
        {
            if (signaturePartition is not null)
            {
                findings.Add(Error(InspectionCodes.VerityIncomplete, $"The disk image has a {architecture.RootVeritySignatureLabel} partition but no {architecture.RootVerityLabel} partition: there is no hash tree for the signed root hash.", imagePath));
            }

            return unprotected;
        }

        // The root hash: the signature partition's, else a NAME.roothash sidecar, else the partition UUIDs (systemd-repart's pairing).
        SignatureJson? signature = null;
        byte[] rootHash;
        var rootHashPath = VeritySidecars.PathsOf(imagePath).RootHash;
        try
        {
            if (signaturePartition is not null)
            {
                if (signaturePartition.Size > SignaturePartitionMaxSize)
                {
                    throw new InvalidDataException($"the {architecture.RootVeritySignatureLabel} partition is {signaturePartition.Size} bytes, more than the {SignaturePartitionMaxSize} systemd reads");
                }

                var content = new byte[signaturePartition.Size];
                image.Position = signaturePartition.Offset;
                image.ReadExactly(content);
                signature = SignatureJson.Parse(content);
                rootHash = signature.GetRootHashBytes();
            }
            else if (File.Exists(rootHashPath))
            {
                var text = BoundedFile.Problem(rootHashPath, RootHashFileMaxSize) is { } problem
                    ? throw new InvalidDataException($"{Path.GetFileName(rootHashPath)} cannot be read: {problem}")
                    : File.ReadAllText(rootHashPath, Encoding.ASCII).Trim();
                rootHash = TryParseRootHash(text, out var parsed) ? parsed : throw new InvalidDataException($"{Path.GetFileName(rootHashPath)} does not hold a SHA-256 root hash: '{Shorten(text)}'");
            }
            else
            {
                rootHash = [.. root.Uuid.ToByteArray(bigEndian: true), .. verity.Uuid.ToByteArray(bigEndian: true)];
            }
        }
        catch (InvalidDataException e)
        {
            findings.Add(Error(InspectionCodes.VerityUnreadable, $"The root hash cannot be read: {e.Message.TrimEnd('.')}.", imagePath));
            return unprotected;
        }

        var claimed = unprotected with { RootHash = Convert.ToHexStringLower(rootHash) };
        if (rootHash.Length != SHA256.HashSizeInBytes)
        {
            findings.Add(Error(InspectionCodes.VerityUnreadable, $"The root hash {claimed.RootHash} is not a SHA-256 hash (32 bytes).", imagePath));
            return claimed;
        }

        if (root.Uuid != new Guid(rootHash.AsSpan(0, 16), bigEndian: true) || verity.Uuid != new Guid(rootHash.AsSpan(16), bigEndian: true))
        {
            findings.Add(Error(InspectionCodes.PartitionUuidMismatch, $"The partition UUIDs ({root.Uuid}, {verity.Uuid}) are not the halves of the root hash {claimed.RootHash}: systemd-dissect pairs the root and verity partitions with the root hash by them and would not find them.", imagePath));
        }

        using (var data = new StreamWindow(image, root.Offset, root.Size, leaveOpen: true))
        using (var hash = new StreamWindow(image, verity.Offset, verity.Size, leaveOpen: true))
        {
            if (!VerifyTree(data, hash, rootHash, architecture.RootVerityLabel, findings, cancellationToken))
            {
                return claimed;
            }
        }

        var signer = signature is null ? null : VerifySignature(signature.Signature, rootHash, options, architecture.RootVeritySignatureLabel, findings);
        return claimed with { Protection = signer is null ? ImageProtection.Verity : ImageProtection.Signed, Signer = signer };
    }

    /// <summary>Recomputes the hash tree over the data; a mismatch names the first bad data block.</summary>
    private static bool VerifyTree(Stream data, Stream hash, byte[] rootHash, string hashName, ICollection<Diagnostic> findings, CancellationToken cancellationToken)
    {
        try
        {
            data.Position = 0;
            var result = VerityHashTree.Verify(data, hash, rootHash, cancellationToken: cancellationToken);
            if (!result.IsValid)
            {
                var what = result.FirstBadDataBlock is { } block ? $"data block {block} (bytes {block * 4096}..) is not what the hash tree says" : "the hash tree does not match";
                findings.Add(Error(InspectionCodes.VerityMismatch, $"Verity check failed, {what}: {result.Problem} The kernel would fail reads of it (dm-verity I/O error); rebuild the image or restore it.", hashName));
                return false;
            }

            return true;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            findings.Add(Error(InspectionCodes.VerityUnreadable, $"{hashName} is not a hash tree that can be checked: {e.Message}", hashName));
            return false;
        }
    }

    /// <summary>Checks the signature against the trusted certificates; returns the signer's subject when valid.</summary>
    private static string? VerifySignature(byte[] signature, byte[] rootHash, InspectionOptions options, string location, ICollection<Diagnostic> findings)
    {
        var sources = options.Certificate is { } certificate ? [certificate] : options.TrustedDirectories;
        var trusted = new X509Certificate2Collection();
        try
        {
            if (options.Certificate is { } given && !Directory.Exists(given) && BoundedFile.Problem(given, 1 << 20) is { } problem)
            {
                throw new CryptographicException($"{given}: {problem}.");
            }

            foreach (var source in sources)
            {
                trusted.AddRange(RootHashSignatureVerifier.LoadCertificates(source));
            }

            if (trusted.Count == 0)
            {
                findings.Add(Warning(InspectionCodes.SignatureUnchecked, $"The root hash is signed, but no certificate is trusted here ({string.Join(", ", sources)} hold none), so the signature was not checked; systemd on this machine would not accept it either. Pass --certificate CERT, or install the certificate in /etc/verity.d/.", location));
                return null;
            }

            var result = RootHashSignatureVerifier.Verify(signature, rootHash, trusted);
            if (!result.IsValid)
            {
                findings.Add(Error(InspectionCodes.SignatureInvalid, $"The root hash signature does not verify: {result.Problem} systemd refuses to set up verity with it.", location));
                return null;
            }

            return result.Signer!.Subject;
        }
        catch (CryptographicException e)
        {
            findings.Add(Error(InspectionCodes.SignatureInvalid, $"The trusted certificates cannot be read: {e.Message}", options.Certificate ?? location));
            return null;
        }
        finally
        {
            foreach (var loaded in trusted)
            {
                loaded.Dispose();
            }
        }
    }

    private static bool TryParseRootHash(string text, out byte[] rootHash)
    {
        rootHash = [];
        if (text.Length != 2 * SHA256.HashSizeInBytes || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        rootHash = Convert.FromHexString(text);
        return true;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
