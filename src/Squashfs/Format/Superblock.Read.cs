using Squashfs.Compression;
using static System.Buffers.Binary.BinaryPrimitives;

namespace Squashfs.Format;

internal sealed partial class Superblock
{
    /// <summary>Parses and validates a superblock read from an untrusted image of <paramref name="imageLength"/> bytes.</summary>
    public static Superblock Read(ReadOnlySpan<byte> s, long imageLength)
    {
        if (s.Length < Size)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.ImageTooSmall, s.Length));
        }

        if (ReadUInt32LittleEndian(s[SuperblockLayout.Magic..]) != Magic)
        {
            throw new InvalidDataException(Strings.BadMagic);
        }

        var major = ReadUInt16LittleEndian(s[SuperblockLayout.VersionMajor..]);
        var minor = ReadUInt16LittleEndian(s[SuperblockLayout.VersionMinor..]);
        if (major != VersionMajor || minor != VersionMinor)
        {
            throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, Strings.UnsupportedVersion, major, minor));
        }

        var sb = new Superblock
        {
            InodeCount = ReadUInt32LittleEndian(s[SuperblockLayout.InodeCount..]),
            ModificationTime = ReadUInt32LittleEndian(s[SuperblockLayout.ModificationTime..]),
            BlockSize = ReadUInt32LittleEndian(s[SuperblockLayout.BlockSize..]),
            FragmentEntryCount = ReadUInt32LittleEndian(s[SuperblockLayout.FragmentEntryCount..]),
            Compressor = (SquashfsCompressorId)ReadUInt16LittleEndian(s[SuperblockLayout.Compressor..]),
            BlockLog = ReadUInt16LittleEndian(s[SuperblockLayout.BlockLog..]),
            Flags = (SuperblockFlags)ReadUInt16LittleEndian(s[SuperblockLayout.Flags..]),
            IdCount = ReadUInt16LittleEndian(s[SuperblockLayout.IdCount..]),
            RootInodeReference = ReadUInt64LittleEndian(s[SuperblockLayout.RootInodeReference..]),
            BytesUsed = ReadUInt64LittleEndian(s[SuperblockLayout.BytesUsed..]),
            IdTableStart = ReadUInt64LittleEndian(s[SuperblockLayout.IdTableStart..]),
            XattrIdTableStart = ReadUInt64LittleEndian(s[SuperblockLayout.XattrIdTableStart..]),
            InodeTableStart = ReadUInt64LittleEndian(s[SuperblockLayout.InodeTableStart..]),
            DirectoryTableStart = ReadUInt64LittleEndian(s[SuperblockLayout.DirectoryTableStart..]),
            FragmentTableStart = ReadUInt64LittleEndian(s[SuperblockLayout.FragmentTableStart..]),
            ExportTableStart = ReadUInt64LittleEndian(s[SuperblockLayout.ExportTableStart..]),
        };
        sb.Validate(imageLength);
        return sb;
    }

    private void Validate(long imageLength)
    {
        if (BlockSize < 4096 || BlockSize > 1 << 20 || !uint.IsPow2(BlockSize) || 1u << BlockLog != BlockSize)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadBlockSize, BlockSize, BlockLog));
        }

        if (!Enum.IsDefined(Compressor))
        {
            throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, Strings.UnknownCompressorId, (ushort)Compressor));
        }

        if ((Flags & ~SuperblockFlags.All) != 0)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.UnknownFlags, (ushort)Flags));
        }

        if (BytesUsed > (ulong)imageLength || BytesUsed < Size)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BytesUsedBeyondEnd, BytesUsed, imageLength));
        }

        if (InodeCount == 0)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadSuperblockField, "inode_count", InodeCount));
        }

        // The tables follow each other in this order; each start must lie inside the image.
        CheckTable("inode_table_start", InodeTableStart, required: true);
        CheckTable("directory_table_start", DirectoryTableStart, required: true);
        CheckTable("fragment_table_start", FragmentTableStart, required: FragmentEntryCount > 0);
        CheckTable("export_table_start", ExportTableStart, required: false);
        CheckTable("id_table_start", IdTableStart, required: true);
        CheckTable("xattr_id_table_start", XattrIdTableStart, required: false);
        if (DirectoryTableStart < InodeTableStart)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadSuperblockField, "directory_table_start", DirectoryTableStart));
        }

        if (IdCount == 0)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadSuperblockField, "id_count", IdCount));
        }
    }

    private void CheckTable(string name, ulong start, bool required)
    {
        if (start == NoTable && !required)
        {
            return;
        }

        if (start >= BytesUsed || start < Size)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadSuperblockField, name, start));
        }
    }
}
