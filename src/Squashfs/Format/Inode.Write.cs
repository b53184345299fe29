namespace Squashfs.Format;

internal sealed partial class Inode
{
    /// <summary>Serializes this inode, with the fields its type has, in table order.</summary>
    public void Write(MetadataWriter writer)
    {
        var w = new ByteWriter(stackalloc byte[64]);
        w.U16((ushort)Type);
        w.U16(Permissions);
        w.U16(UidIndex);
        w.U16(GidIndex);
        w.U32(ModificationTime);
        w.U32(Number);
        switch (Type)
        {
            case InodeType.Directory:
                w.U32(DirectoryBlockStart);
                w.U32(LinkCount);
                w.U16((ushort)DirectoryFileSize);
                w.U16(DirectoryBlockOffset);
                w.U32(ParentNumber);
                writer.Write(w.Written);
                break;
            case InodeType.ExtendedDirectory:
                w.U32(LinkCount);
                w.U32(DirectoryFileSize);
                w.U32(DirectoryBlockStart);
                w.U32(ParentNumber);
                w.U16((ushort)DirectoryIndex.Count);
                w.U16(DirectoryBlockOffset);
                w.U32(XattrIndex);
                writer.Write(w.Written);
                WriteDirectoryIndex(writer);
                break;
            case InodeType.File:
                w.U32((uint)BlocksStart);
                w.U32(FragmentIndex);
                w.U32(FragmentOffset);
                w.U32((uint)FileSize);
                writer.Write(w.Written);
                WriteBlockSizes(writer);
                break;
            case InodeType.ExtendedFile:
                w.U64(BlocksStart);
                w.U64(FileSize);
                w.U64(SparseBytes);
                w.U32(LinkCount);
                w.U32(FragmentIndex);
                w.U32(FragmentOffset);
                w.U32(XattrIndex);
                writer.Write(w.Written);
                WriteBlockSizes(writer);
                break;
            case InodeType.Symlink or InodeType.ExtendedSymlink:
                w.U32(LinkCount);
                w.U32((uint)SymlinkTarget.Length);
                writer.Write(w.Written);
                writer.Write(SymlinkTarget);
                if (Type == InodeType.ExtendedSymlink)
                {
                    WriteU32(writer, XattrIndex);
                }

                break;
            case InodeType.BlockDevice or InodeType.CharacterDevice or InodeType.ExtendedBlockDevice or InodeType.ExtendedCharacterDevice:
                w.U32(LinkCount);
                w.U32(Device);
                AppendXattrIfExtended(ref w);
                writer.Write(w.Written);
                break;
            case InodeType.Fifo or InodeType.Socket or InodeType.ExtendedFifo or InodeType.ExtendedSocket:
                w.U32(LinkCount);
                AppendXattrIfExtended(ref w);
                writer.Write(w.Written);
                break;
            default:
                throw new InvalidOperationException($"Unknown inode type {Type}.");
        }
    }

    private void AppendXattrIfExtended(ref ByteWriter w)
    {
        if (Type.IsExtended())
        {
            w.U32(XattrIndex);
        }
    }

    private void WriteDirectoryIndex(MetadataWriter writer)
    {
        Span<byte> head = stackalloc byte[12];
        foreach (var entry in DirectoryIndex)
        {
            var w = new ByteWriter(head);
            w.U32(entry.ListingOffset);
            w.U32(entry.DirectoryBlockStart);
            w.U32((uint)entry.FirstName.Length - 1);
            writer.Write(w.Written);
            writer.Write(entry.FirstName);
        }
    }

    private void WriteBlockSizes(MetadataWriter writer)
    {
        foreach (var size in BlockSizes)
        {
            WriteU32(writer, size);
        }
    }

    private static void WriteU32(MetadataWriter writer, uint value)
    {
        var w = new ByteWriter(stackalloc byte[4]);
        w.U32(value);
        writer.Write(w.Written);
    }
}
