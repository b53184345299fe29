using Squashfs.Reading;

namespace Squashfs.Format;

internal sealed partial class Inode
{
    /// <summary>Longest symlink target accepted from an image (PATH_MAX).</summary>
    private const int MaxSymlinkTarget = 4096;

    /// <summary>The bits of the mode field an inode may set: permissions, setuid, setgid and sticky (07777).</summary>
    private const ushort PermissionBits = 0xFFF;

    /// <summary>Reads and checks an inode from an untrusted image.</summary>
    public static Inode Read(MetadataCursor cursor, uint inodeCount, string location)
    {
        var inode = new Inode
        {
            Type = (InodeType)cursor.U16(),
            Permissions = cursor.U16(),
            UidIndex = cursor.U16(),
            GidIndex = cursor.U16(),
            ModificationTime = cursor.U32(),
            Number = cursor.U32(),
        };
        if ((inode.Permissions & ~PermissionBits) != 0)
        {
            // The type lives in its own field: mksquashfs and our writer store only the permission bits.
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "mode", $"0{Convert.ToString(inode.Permissions, 8)}"));
        }

        if (inode.Number == 0 || inode.Number > inodeCount)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "inode_number", inode.Number));
        }

        switch (inode.Type)
        {
            case InodeType.Directory:
                inode.DirectoryBlockStart = cursor.U32();
                inode.LinkCount = cursor.U32();
                inode.DirectoryFileSize = cursor.U16();
                inode.DirectoryBlockOffset = cursor.U16();
                inode.ParentNumber = cursor.U32();
                break;
            case InodeType.ExtendedDirectory:
                inode.LinkCount = cursor.U32();
                inode.DirectoryFileSize = cursor.U32();
                inode.DirectoryBlockStart = cursor.U32();
                inode.ParentNumber = cursor.U32();
                var indexCount = cursor.U16();
                inode.DirectoryBlockOffset = cursor.U16();
                inode.XattrIndex = cursor.U32();
                var index = new List<DirectoryIndexEntry>(indexCount);
                for (var i = 0; i < indexCount; i++)
                {
                    var listingOffset = cursor.U32();
                    var start = cursor.U32();
                    var nameSize = cursor.U32() + 1;
                    if (nameSize > 256)
                    {
                        throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "index name_size", nameSize));
                    }

                    index.Add(new DirectoryIndexEntry(listingOffset, start, cursor.ReadBytes((int)nameSize)));
                }

                inode.DirectoryIndex = index;
                break;
            case InodeType.File:
                inode.BlocksStart = cursor.U32();
                inode.FragmentIndex = cursor.U32();
                inode.FragmentOffset = cursor.U32();
                inode.FileSize = cursor.U32();
                inode.BlockListPosition = (cursor.BlockStart, cursor.Offset);
                break;
            case InodeType.ExtendedFile:
                inode.BlocksStart = cursor.U64();
                inode.FileSize = cursor.U64();
                if (inode.FileSize > long.MaxValue)
                {
                    // Sizes are signed 64-bit numbers everywhere (loff_t in the kernel, long in .NET).
                    throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "file_size", inode.FileSize));
                }

                inode.SparseBytes = cursor.U64();
                inode.LinkCount = cursor.U32();
                inode.FragmentIndex = cursor.U32();
                inode.FragmentOffset = cursor.U32();
                inode.XattrIndex = cursor.U32();
                inode.BlockListPosition = (cursor.BlockStart, cursor.Offset);
                break;
            case InodeType.Symlink or InodeType.ExtendedSymlink:
                inode.LinkCount = cursor.U32();
                var targetSize = cursor.U32();
                if (targetSize == 0 || targetSize > MaxSymlinkTarget)
                {
                    throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "symlink target_size", targetSize));
                }

                inode.SymlinkTarget = cursor.ReadBytes((int)targetSize);
                if (Array.IndexOf(inode.SymlinkTarget, (byte)0) >= 0)
                {
                    // No file system can hold a NUL in a symlink target; the kernel would cut it there.
                    throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "symlink target", "a string holding NUL"));
                }

                if (inode.Type == InodeType.ExtendedSymlink)
                {
                    inode.XattrIndex = cursor.U32();
                }

                break;
            case InodeType.BlockDevice or InodeType.CharacterDevice or InodeType.ExtendedBlockDevice or InodeType.ExtendedCharacterDevice:
                inode.LinkCount = cursor.U32();
                inode.Device = cursor.U32();
                inode.XattrIndex = inode.Type.IsExtended() ? cursor.U32() : NoXattr;
                break;
            case InodeType.Fifo or InodeType.Socket or InodeType.ExtendedFifo or InodeType.ExtendedSocket:
                inode.LinkCount = cursor.U32();
                inode.XattrIndex = inode.Type.IsExtended() ? cursor.U32() : NoXattr;
                break;
            default:
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "type", (ushort)inode.Type));
        }

        return inode;
    }

    /// <summary>The number of data blocks a file has: a tail in a fragment does not count.</summary>
    public ulong DataBlockCount(uint blockSize) => FragmentIndex == NoFragment
        ? (FileSize + blockSize - 1) / blockSize
        : FileSize / blockSize;
}
