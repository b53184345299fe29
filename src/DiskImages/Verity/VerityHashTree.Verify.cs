using System.Security.Cryptography;

namespace DiskImages.Verity;

public static partial class VerityHashTree
{
    /// <summary>
    /// Checks the data file against a hash file (made by us or by <c>veritysetup format</c>) and the root hash, as
    /// <c>veritysetup verify DATA HASH ROOTHASH</c> does.
    /// </summary>
    /// <exception cref="InvalidDataException">The hash file is malformed or truncated, or the data is shorter than it says.</exception>
    /// <exception cref="NotSupportedException">The tree uses another algorithm than SHA-256 or the Chrome OS hash type.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked every 1 MiB).</exception>
    public static VerityVerification Verify(string dataPath, string hashPath, ReadOnlySpan<byte> rootHash, int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        ArgumentException.ThrowIfNullOrEmpty(hashPath);
        using var data = new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        using var hash = File.OpenRead(hashPath);
        return Verify(data, hash, rootHash, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>
    /// Checks the data from <paramref name="data"/>'s position against the hash file at <paramref name="hash"/>'s
    /// position and the root hash: recomputes the tree, compares every hash block with the stored one and the top
    /// with the root hash, and names the first data block that does not match. Data past the blocks the superblock
    /// names is ignored, as the kernel ignores it. <paramref name="maxDegreeOfParallelism"/> blocks are hashed at once
    /// (0: one per processor).
    /// </summary>
    /// <exception cref="InvalidDataException">The hash file is malformed or truncated, or the data is shorter than it says.</exception>
    /// <exception cref="NotSupportedException">The tree uses another algorithm than SHA-256 or the Chrome OS hash type.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked every 1 MiB).</exception>
    public static VerityVerification Verify(Stream data, Stream hash, ReadOnlySpan<byte> rootHash, int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default)
    {
        RequireReadableSeekable(data, nameof(data));
        RequireReadableSeekable(hash, nameof(hash));
        if (rootHash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException(Describe(Strings.RootHashSize, rootHash.Length), nameof(rootHash));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxDegreeOfParallelism);
        var hashOrigin = hash.Position;
        var superblock = VeritySuperblock.Read(hash);
        if (superblock.Algorithm != "sha256")
        {
            throw new NotSupportedException(Describe(Strings.UnsupportedVerityAlgorithm, superblock.Algorithm));
        }

        if (superblock.HashType != 1)
        {
            throw new NotSupportedException(Describe(Strings.UnsupportedVerityHashType, superblock.HashType));
        }

        var layout = new VerityLayout(superblock.DataBlocks, superblock.HashBlockSize);
        if (hash.Length - hashOrigin < layout.HashFileSize)
        {
            throw new InvalidDataException(Describe(Strings.VerityHashTruncated, hashOrigin + layout.HashFileSize - superblock.HashBlockSize, hash.Length));
        }

        if (data.Length - data.Position < superblock.DataSize)
        {
            throw new InvalidDataException(Describe(Strings.VerityDataTruncated, data.Length - data.Position, superblock.DataBlocks, superblock.DataBlockSize));
        }

        VerityVerification? failure = null;
        var stored = new byte[superblock.HashBlockSize];
        var builder = new HashTreeBuilder(layout, superblock.Salt.AsSpan(), (level, index, block) =>
        {
            if (failure is not null)
            {
                return;
            }

            var offset = hashOrigin + layout.BlockOffset(level, index);
            hash.Position = offset;
            hash.ReadExactly(stored);
            if (block.SequenceEqual(stored))
            {
                return;
            }

            if (level == 0)
            {
                var slot = 0;
                while (slot < layout.HashesPerBlock && block.Slice(slot * VerityLayout.DigestSize, VerityLayout.DigestSize).SequenceEqual(stored.AsSpan(slot * VerityLayout.DigestSize, VerityLayout.DigestSize)))
                {
                    slot++;
                }

                if (slot < layout.HashesPerBlock && index * layout.HashesPerBlock + slot < superblock.DataBlocks)
                {
                    var bad = index * layout.HashesPerBlock + slot;
                    failure = VerityVerification.Invalid(Describe(Strings.VerityBadDataBlock, bad, bad * superblock.DataBlockSize), bad);
                    return;
                }
            }

            failure = VerityVerification.Invalid(Describe(Strings.VerityBadHashBlock, index, level, offset));
        });

        var parallelism = maxDegreeOfParallelism == 0 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        DataBlockHasher.Hash(data, superblock.DataBlocks, superblock.DataBlockSize, superblock.Salt.AsSpan(), parallelism, cancellationToken: cancellationToken, handler: (_, digests) =>
        {
            for (var offset = 0; offset < digests.Length && failure is null; offset += VerityLayout.DigestSize)
            {
                builder.AddDataDigest(digests.Slice(offset, VerityLayout.DigestSize));
            }

            return failure is null;
        });

        if (failure is not null)
        {
            return failure;
        }

        var computed = builder.Finish();
        if (failure is not null)
        {
            return failure;
        }

        return computed.AsSpan().SequenceEqual(rootHash)
            ? VerityVerification.Valid
            : VerityVerification.Invalid(Describe(Strings.VerityRootHashMismatch, Convert.ToHexStringLower(rootHash), Convert.ToHexStringLower(computed)));
    }
}
