namespace Squashfs.Format;

/// <summary>Byte offsets of the superblock fields, each computed from the previous one.</summary>
internal static class SuperblockLayout
{
    public const int Magic = 0;
    public const int InodeCount = Magic + 4;
    public const int ModificationTime = InodeCount + 4;
    public const int BlockSize = ModificationTime + 4;
    public const int FragmentEntryCount = BlockSize + 4;
    public const int Compressor = FragmentEntryCount + 4;
    public const int BlockLog = Compressor + 2;
    public const int Flags = BlockLog + 2;
    public const int IdCount = Flags + 2;
    public const int VersionMajor = IdCount + 2;
    public const int VersionMinor = VersionMajor + 2;
    public const int RootInodeReference = VersionMinor + 2;
    public const int BytesUsed = RootInodeReference + 8;
    public const int IdTableStart = BytesUsed + 8;
    public const int XattrIdTableStart = IdTableStart + 8;
    public const int InodeTableStart = XattrIdTableStart + 8;
    public const int DirectoryTableStart = InodeTableStart + 8;
    public const int FragmentTableStart = DirectoryTableStart + 8;
    public const int ExportTableStart = FragmentTableStart + 8;
    public const int End = ExportTableStart + 8;
}
