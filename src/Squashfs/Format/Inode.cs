namespace Squashfs.Format;

/// <summary>
/// One inode as stored in the inode table. Fields that a type does not use stay at their defaults.
/// </summary>
internal sealed partial class Inode
{
    public const uint NoXattr = uint.MaxValue;
    public const uint NoFragment = uint.MaxValue;

    /// <summary>Bit 24 of a data block size: the block is stored uncompressed.</summary>
    public const uint BlockUncompressedBit = 1u << 24;

    public const int HeaderSize = 16;

    public InodeType Type { get; set; }
    public ushort Permissions { get; set; }
    public ushort UidIndex { get; set; }
    public ushort GidIndex { get; set; }
    public uint ModificationTime { get; set; }
    public uint Number { get; set; }

    public uint LinkCount { get; set; } = 1;
    public uint XattrIndex { get; set; } = NoXattr;

    // Directories
    public uint DirectoryBlockStart { get; set; }
    public ushort DirectoryBlockOffset { get; set; }

    /// <summary>Size of the directory listing plus 3, as the kernel expects.</summary>
    public uint DirectoryFileSize { get; set; }
    public uint ParentNumber { get; set; }
    public IReadOnlyList<DirectoryIndexEntry> DirectoryIndex { get; set; } = [];

    // Regular files
    public ulong BlocksStart { get; set; }
    public ulong FileSize { get; set; }
    public ulong SparseBytes { get; set; }
    public uint FragmentIndex { get; set; } = NoFragment;
    public uint FragmentOffset { get; set; }
    public uint[] BlockSizes { get; set; } = [];

    /// <summary>When read from an image: where the block size list starts (read lazily, as a file is read).</summary>
    public (ulong BlockStart, int Offset) BlockListPosition { get; set; }

    // Symlinks
    public byte[] SymlinkTarget { get; set; } = [];

    // Devices
    public uint Device { get; set; }

    /// <summary>Encodes a device number as the kernel's new_encode_dev does.</summary>
    public static uint EncodeDevice(uint major, uint minor) => (minor & 0xFF) | (major << 8) | ((minor & ~0xFFu) << 12);

    public static (uint Major, uint Minor) DecodeDevice(uint device) => ((device & 0xFFF00) >> 8, (device & 0xFF) | ((device >> 12) & 0xFFF00));
}

/// <summary>An entry of an extended directory's index: where a header of the listing starts, and its first name.</summary>
internal sealed record DirectoryIndexEntry(uint ListingOffset, uint DirectoryBlockStart, byte[] FirstName);
