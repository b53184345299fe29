using System.Globalization;
using DiskImages.Signing;
using DiskImages.Verity;

namespace DiskImages.Gpt;

/// <summary>
/// Writes a discoverable disk image (DDI) of a read-only root file system as <c>systemd-repart --make-ddi=portable</c>
/// lays it out: a GPT disk with the root partition (the file system's bytes), its root-verity partition (the
/// veritysetup hash file) and, when a key is given, a root-verity-sig partition with the signature JSON. The root
/// partition's UUID is the root hash's first 128 bits and the verity partition's its last 128 bits, taken as they
/// are, which is how systemd-dissect pairs them with the root hash.
/// </summary>
public static class PortableDiskImage
{
    /// <summary>systemd-repart's signature partition size (4 × 4 KiB); larger JSON gets whole 4 KiB blocks more.</summary>
    private const int SignaturePartitionMinSize = 16 * 1024;

    /// <summary>The most systemd-dissect reads from a signature partition.</summary>
    private const int SignaturePartitionMaxSize = 4 * 1024 * 1024;

    private static ReadOnlySpan<byte> DiskGuidLabel => "DiskImages.Gpt disk guid v1\0"u8;
    private static ReadOnlySpan<byte> SignatureUuidLabel => "DiskImages.Gpt verity-sig uuid v1\0"u8;

    /// <summary>Writes the DDI of the file system image at <paramref name="rootImagePath"/> to <paramref name="outputPath"/>; on failure no output is left.</summary>
    /// <exception cref="ArgumentException">The file system image is empty or not a whole number of 4 KiB blocks.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked every 1 MiB); no output is left.</exception>
    public static PortableDiskImageResult Write(string rootImagePath, string outputPath, PortableDiskImageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootImagePath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        using var root = new FileStream(rootImagePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        try
        {
            using var disk = new FileStream(outputPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            return Write(root, disk, options, cancellationToken);
        }
        catch
        {
            File.Delete(outputPath);
            throw;
        }
    }

    /// <summary>
    /// Writes the DDI of the file system from <paramref name="root"/>'s position to its end into <paramref name="disk"/>,
    /// which the disk image starts at the start of.
    /// </summary>
    /// <exception cref="ArgumentException">A stream lacks a capability, or the file system is empty or not a whole
    /// number of data blocks.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked every 1 MiB).</exception>
    public static PortableDiskImageResult Write(Stream root, Stream disk, PortableDiskImageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(disk);
        options ??= new PortableDiskImageOptions();
        var architecture = options.Architecture ?? DiscoverablePartitionTypes.Native;
        var rootOrigin = root.Position;
        var rootSize = root.Length - rootOrigin;
        var hashSize = VerityHashTree.GetHashSize(rootSize, options.Verity);

        // Root and verity come first, so their places do not depend on the signature's size, known only at the end.
        var (offsets, diskSize) = GptTable.Allocate([rootSize, hashSize]);
        disk.Position = offsets[0];
        CopyTo(root, disk, cancellationToken);
        root.Position = rootOrigin;
        disk.Position = offsets[1];
        var verity = VerityHashTree.Format(root, disk, options.Verity, cancellationToken);
        var rootHash = verity.RootHash.AsSpan();

        var partitions = new List<GptPartition>
        {
            new(architecture.Root, new Guid(rootHash[..16], bigEndian: true), architecture.RootLabel, offsets[0], rootSize, GptPartitionAttributes.ReadOnly),
            new(architecture.RootVerity, new Guid(rootHash[^16..], bigEndian: true), architecture.RootVerityLabel, offsets[1], hashSize, GptPartitionAttributes.ReadOnly),
        };

        SignatureJson? signature = null;
        if (options.SigningKey is { } key)
        {
            signature = SignatureJson.Create(rootHash, key.Certificate, RootHashSigner.Sign(rootHash, key));
            var json = signature.ToUtf8();
            if (json.Length > SignaturePartitionMaxSize)
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.SignatureTooLarge, json.Length, SignaturePartitionMaxSize), nameof(options));
            }

            var signatureSize = Math.Max(SignaturePartitionMinSize, (json.Length + 4095) / 4096 * 4096L);
            (offsets, diskSize) = GptTable.Allocate([rootSize, hashSize, signatureSize]);
            // The JSON, then NUL bytes to the partition's end.
            var content = new byte[signatureSize];
            json.CopyTo(content, 0);
            disk.Position = offsets[2];
            disk.Write(content);
            partitions.Add(new(architecture.RootVeritySignature, DerivedId.Uuid(SignatureUuidLabel, rootHash), architecture.RootVeritySignatureLabel,
                offsets[2], signatureSize, GptPartitionAttributes.ReadOnly));
        }

        var table = new GptTable(options.DiskGuid ?? DerivedId.Uuid(DiskGuidLabel, rootHash), diskSize, partitions);
        table.Write(disk);
        return new PortableDiskImageResult(verity, table, signature);
    }

    /// <summary>Stream.CopyTo, cancellable between 1 MiB chunks (a root file system may be gigabytes).</summary>
    private static void CopyTo(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            destination.Write(buffer, 0, read);
        }
    }
}
