namespace Squashfs.Format;

/// <summary>
/// The export table NFS needs (mksquashfs -exports): for each inode number, from 1, the inode's reference (u64) in a
/// <see cref="LookupTable"/>.
/// </summary>
internal static partial class ExportTable
{
    public const int EntrySize = 8;
}
