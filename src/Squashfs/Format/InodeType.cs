namespace Squashfs.Format;

/// <summary>Inode types as stored on disk; the extended forms add link counts, xattrs and 64-bit sizes.</summary>
internal enum InodeType : ushort
{
    Directory = 1,
    File = 2,
    Symlink = 3,
    BlockDevice = 4,
    CharacterDevice = 5,
    Fifo = 6,
    Socket = 7,
    ExtendedDirectory = 8,
    ExtendedFile = 9,
    ExtendedSymlink = 10,
    ExtendedBlockDevice = 11,
    ExtendedCharacterDevice = 12,
    ExtendedFifo = 13,
    ExtendedSocket = 14,
}

internal static class InodeTypeExtensions
{
    private const ushort ExtendedOffset = 7;

    public static bool IsExtended(this InodeType type) => type >= InodeType.ExtendedDirectory;

    /// <summary>The basic type, which is what directory entries record.</summary>
    public static InodeType Basic(this InodeType type) => type.IsExtended() ? (InodeType)((ushort)type - ExtendedOffset) : type;

    public static InodeType Extended(this InodeType type) => type.IsExtended() ? type : (InodeType)((ushort)type + ExtendedOffset);
}
