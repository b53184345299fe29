using Squashfs.Reading;

namespace Squashfs.Format;

/// <summary>
/// The layout shared by the fragment, export, id and xattr id tables: fixed-size entries in metadata blocks, followed
/// by an uncompressed array of the blocks' absolute positions (u64 each). The superblock points at that array. An
/// instance is such a table opened in an image (<see cref="Read"/>).
/// </summary>
internal sealed partial class LookupTable
{
    /// <summary>The size of one position in the index array.</summary>
    public const int IndexEntrySize = 8;

    private readonly ulong[] _blocks;
    private readonly MetadataReader _metadata;
    private readonly int _entrySize;

    /// <summary>Where the table's first metadata block lies: the end of the table before it.</summary>
    public ulong FirstBlock { get; }

    public long Count { get; }

    /// <summary>Number of metadata blocks a table of <paramref name="entryCount"/> entries occupies.</summary>
    public static int BlockCount(long entryCount, int entrySize) => (int)((entryCount * entrySize + MetadataBlock.Size - 1) / MetadataBlock.Size);
}
