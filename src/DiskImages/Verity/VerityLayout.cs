using System.Diagnostics;

namespace DiskImages.Verity;

/// <summary>
/// Where each level of a hash tree lies in the hash file, as cryptsetup's <c>hash_levels</c> places them: after the
/// superblock's hash block, the top level first and the level of data block hashes last.
/// </summary>
internal sealed class VerityLayout
{
    /// <summary>SHA-256 digests are 32 bytes, a power of two, so version 1 stores them without padding.</summary>
    public const int DigestSize = 32;

    public VerityLayout(long dataBlocks, int hashBlockSize)
    {
        Debug.Assert(dataBlocks > 0 && VeritySuperblockLayout.IsValidBlockSize(hashBlockSize));
        HashBlockSize = hashBlockSize;
        HashesPerBlock = hashBlockSize / DigestSize;
        var bits = int.Log2(HashesPerBlock);

        // As many levels as it takes for one hash block to cover all data blocks; one data block needs none.
        var levels = 0;
        while (bits * levels < 64 && ((dataBlocks - 1) >> (bits * levels)) != 0)
        {
            levels++;
        }

        LevelBlocks = new long[levels];
        LevelStart = new long[levels];
        long position = (VeritySuperblockLayout.Size + hashBlockSize - 1) / hashBlockSize;
        for (var level = levels - 1; level >= 0; level--)
        {
            LevelStart[level] = position;
            var shift = (level + 1) * bits;
            LevelBlocks[level] = shift >= 63 ? 1 : (dataBlocks + (1L << shift) - 1) >> shift;
            position += LevelBlocks[level];
        }

        HashFileSize = position * hashBlockSize;
    }

    public int HashBlockSize { get; }

    public int HashesPerBlock { get; }

    /// <summary>The number of levels; level 0 holds the data blocks' hashes, the last level is one block.</summary>
    public int Levels => LevelBlocks.Length;

    /// <summary>Hash blocks per level.</summary>
    public long[] LevelBlocks { get; }

    /// <summary>The hash block where each level starts, counted from the start of the hash file.</summary>
    public long[] LevelStart { get; }

    /// <summary>The size of the whole hash file: superblock, its padding and every level.</summary>
    public long HashFileSize { get; }

    /// <summary>The byte offset in the hash file of block <paramref name="index"/> of <paramref name="level"/>.</summary>
    public long BlockOffset(int level, long index) => (LevelStart[level] + index) * HashBlockSize;
}
