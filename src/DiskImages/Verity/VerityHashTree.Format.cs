using System.Collections.Immutable;

namespace DiskImages.Verity;

public static partial class VerityHashTree
{
    /// <summary>Computes the hash tree of the file at <paramref name="dataPath"/> and writes it to <paramref name="hashPath"/>.</summary>
    /// <exception cref="ArgumentException">The data is empty or not a whole number of data blocks, or an option is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked every 1 MiB).</exception>
    public static VerityResult Format(string dataPath, string hashPath, VerityOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        ArgumentException.ThrowIfNullOrEmpty(hashPath);
        using var data = new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        using var hash = new FileStream(hashPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        return Format(data, hash, options, cancellationToken);
    }

    /// <summary>
    /// Computes the hash tree of the data from <paramref name="data"/>'s position to its end, in one pass with memory
    /// bounded by the tree's height, and writes the hash file (superblock, then the levels) at
    /// <paramref name="hash"/>'s position. When no salt or UUID is given, one more pass derives them from the data.
    /// </summary>
    /// <exception cref="ArgumentException">A stream lacks a capability, the data is empty or not a whole number of
    /// data blocks, or an option is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked every 1 MiB).</exception>
    public static VerityResult Format(Stream data, Stream hash, VerityOptions? options = null, CancellationToken cancellationToken = default)
    {
        RequireReadableSeekable(data, nameof(data));
        ArgumentNullException.ThrowIfNull(hash);
        if (!hash.CanWrite || !hash.CanSeek)
        {
            throw new ArgumentException(Strings.HashStreamNotWritable, nameof(hash));
        }

        options = Validate(options);
        var dataOrigin = data.Position;
        var dataBlocks = CountBlocks(data.Length - dataOrigin, options.DataBlockSize);
        var (salt, uuid) = options is { Salt: { } givenSalt, Uuid: { } givenUuid } ? (givenSalt, givenUuid) : Derive(data, dataOrigin, cancellationToken);
        salt = options.Salt ?? salt;
        uuid = options.Uuid ?? uuid;

        var superblock = new VeritySuperblock(1, uuid, "sha256", options.DataBlockSize, options.HashBlockSize, dataBlocks, [.. salt]);
        var layout = new VerityLayout(dataBlocks, options.HashBlockSize);
        var hashOrigin = hash.Position;

        var first = new byte[options.HashBlockSize];
        superblock.Write(first);
        hash.Write(first);

        var builder = new HashTreeBuilder(layout, salt, (level, index, block) =>
        {
            hash.Position = hashOrigin + layout.BlockOffset(level, index);
            hash.Write(block);
        });
        DataBlockHasher.Hash(data, dataBlocks, options.DataBlockSize, salt, options.MaxDegreeOfParallelism, cancellationToken: cancellationToken, handler: (_, digests) =>
        {
            for (var offset = 0; offset < digests.Length; offset += VerityLayout.DigestSize)
            {
                builder.AddDataDigest(digests.Slice(offset, VerityLayout.DigestSize));
            }

            return true;
        });
        var rootHash = builder.Finish();
        hash.Position = hashOrigin + layout.HashFileSize;
        hash.Flush();
        return new VerityResult(ImmutableArray.Create(rootHash), superblock, layout.HashFileSize);
    }
}
