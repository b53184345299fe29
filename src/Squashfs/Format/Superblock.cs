using Squashfs.Compression;

namespace Squashfs.Format;

/// <summary>The 96-byte squashfs 4.0 superblock at offset 0 of every image.</summary>
internal sealed partial class Superblock
{
    public const uint Magic = 0x73717368;
    public const int Size = 96;
    public const ushort VersionMajor = 4;
    public const ushort VersionMinor = 0;

    /// <summary>The value of a table start field when the table is absent.</summary>
    public const ulong NoTable = ulong.MaxValue;

    public uint InodeCount { get; set; }
    public uint ModificationTime { get; set; }
    public uint BlockSize { get; set; }
    public uint FragmentEntryCount { get; set; }
    public SquashfsCompressorId Compressor { get; set; }
    public ushort BlockLog { get; set; }
    public SuperblockFlags Flags { get; set; }
    public ushort IdCount { get; set; }
    public ulong RootInodeReference { get; set; }
    public ulong BytesUsed { get; set; }
    public ulong IdTableStart { get; set; }
    public ulong XattrIdTableStart { get; set; } = NoTable;
    public ulong InodeTableStart { get; set; }
    public ulong DirectoryTableStart { get; set; }
    public ulong FragmentTableStart { get; set; } = NoTable;
    public ulong ExportTableStart { get; set; } = NoTable;
}
