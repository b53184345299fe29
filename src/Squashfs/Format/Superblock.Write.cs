using static System.Buffers.Binary.BinaryPrimitives;

namespace Squashfs.Format;

internal sealed partial class Superblock
{
    public void Write(Span<byte> destination)
    {
        var d = destination[..Size];
        d.Clear();
        WriteUInt32LittleEndian(d[SuperblockLayout.Magic..], Magic);
        WriteUInt32LittleEndian(d[SuperblockLayout.InodeCount..], InodeCount);
        WriteUInt32LittleEndian(d[SuperblockLayout.ModificationTime..], ModificationTime);
        WriteUInt32LittleEndian(d[SuperblockLayout.BlockSize..], BlockSize);
        WriteUInt32LittleEndian(d[SuperblockLayout.FragmentEntryCount..], FragmentEntryCount);
        WriteUInt16LittleEndian(d[SuperblockLayout.Compressor..], (ushort)Compressor);
        WriteUInt16LittleEndian(d[SuperblockLayout.BlockLog..], BlockLog);
        WriteUInt16LittleEndian(d[SuperblockLayout.Flags..], (ushort)Flags);
        WriteUInt16LittleEndian(d[SuperblockLayout.IdCount..], IdCount);
        WriteUInt16LittleEndian(d[SuperblockLayout.VersionMajor..], VersionMajor);
        WriteUInt16LittleEndian(d[SuperblockLayout.VersionMinor..], VersionMinor);
        WriteUInt64LittleEndian(d[SuperblockLayout.RootInodeReference..], RootInodeReference);
        WriteUInt64LittleEndian(d[SuperblockLayout.BytesUsed..], BytesUsed);
        WriteUInt64LittleEndian(d[SuperblockLayout.IdTableStart..], IdTableStart);
        WriteUInt64LittleEndian(d[SuperblockLayout.XattrIdTableStart..], XattrIdTableStart);
        WriteUInt64LittleEndian(d[SuperblockLayout.InodeTableStart..], InodeTableStart);
        WriteUInt64LittleEndian(d[SuperblockLayout.DirectoryTableStart..], DirectoryTableStart);
        WriteUInt64LittleEndian(d[SuperblockLayout.FragmentTableStart..], FragmentTableStart);
        WriteUInt64LittleEndian(d[SuperblockLayout.ExportTableStart..], ExportTableStart);
    }
}
