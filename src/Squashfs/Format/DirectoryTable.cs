namespace Squashfs.Format;

/// <summary>
/// The directory table: each directory's listing, a run of headers each followed by its entries, in metadata blocks.
/// A header is <c>count - 1</c> (u32), the inode-table block of its entries' inodes (u32) and a base inode number
/// (u32); an entry is the inode's offset in that block (u16), its number less the base (s16), its basic type (u16),
/// its name's length - 1 (u16) and the name.
/// </summary>
internal static partial class DirectoryTable
{
    public const int HeaderSize = 12;
    public const int EntryFixedSize = 8;

    /// <summary>The most entries one header covers (mksquashfs's and the kernel's SQUASHFS_DIR_COUNT).</summary>
    public const int MaxEntriesPerHeader = 256;

    /// <summary>The kernel counts "." and ".." as 3 bytes of listing that are never stored.</summary>
    public const uint ImplicitEntriesSize = 3;
}
