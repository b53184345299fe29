using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using L = DiskImages.Gpt.GptLayout;

namespace DiskImages.Gpt;

public sealed partial record GptTable
{
    /// <summary>The header fields the reader checks the backup against and reads the entries with.</summary>
    private readonly record struct Header(long MyLba, long AlternateLba, long FirstUsableLba, long LastUsableLba, Guid DiskGuid,
        long EntriesLba, int EntryCount, int EntrySize, uint EntriesCrc);

    /// <summary>Reads the partition table of a GPT disk image file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid GPT disk.</exception>
    public static GptTable Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var disk = File.OpenRead(path);
        return Read(disk);
    }

    /// <summary>
    /// Reads the partition table of a GPT disk that starts at the start of <paramref name="disk"/>, treating every
    /// byte as untrusted: the protective MBR, both headers and both entry arrays with their CRC32s, the headers'
    /// agreement, and every partition's bounds are checked, and partitions may not overlap.
    /// </summary>
    /// <exception cref="InvalidDataException">The disk is not a valid GPT disk; the message names the structure and offset.</exception>
    public static GptTable Read(Stream disk)
    {
        ArgumentNullException.ThrowIfNull(disk);
        if (!disk.CanRead || !disk.CanSeek)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.StreamNotSeekableReadable, "disk"), nameof(disk));
        }

        var size = disk.Length;
        var sectors = size / L.SectorSize;
        if (sectors < 2 * (L.EntriesSectors + 1) + 1 + 1)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.GptTooSmall, size));
        }

        var mbr = ReadAt(disk, 0, L.SectorSize);
        var protective = Enumerable.Range(0, 4).Any(i => mbr[L.MbrPartitionOffset + i * 16 + 4] == L.MbrProtectiveType);
        if (mbr[L.MbrSignatureOffset] != 0x55 || mbr[L.MbrSignatureOffset + 1] != 0xAA || !protective)
        {
            throw new InvalidDataException(Strings.GptNoProtectiveMbr);
        }

        var primary = ReadHeader(disk, 1, sectors, "primary header");
        var entries = ReadEntries(disk, primary, "primary entries");
        if (primary.AlternateLba == 1 || primary.AlternateLba >= sectors)
        {
            throw Corrupt("primary header", L.SectorSize, "alternate_lba", primary.AlternateLba);
        }

        var backup = ReadHeader(disk, primary.AlternateLba, sectors, "backup header");
        if (backup.AlternateLba != 1 || backup with { MyLba = 1, AlternateLba = primary.AlternateLba, EntriesLba = primary.EntriesLba } != primary)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.GptHeadersDisagree, primary.AlternateLba * L.SectorSize));
        }

        ReadEntries(disk, backup, "backup entries");

        var partitions = new List<GptPartition>();
        for (var i = 0; i < primary.EntryCount; i++)
        {
            var entry = entries.AsSpan(i * primary.EntrySize, primary.EntrySize);
            var type = new Guid(entry.Slice(L.TypeGuidOffset, 16));
            if (type == Guid.Empty)
            {
                continue;
            }

            var entryOffset = primary.EntriesLba * L.SectorSize + (long)i * primary.EntrySize;
            var first = BinaryPrimitives.ReadInt64LittleEndian(entry[L.FirstLbaOffset..]);
            var last = BinaryPrimitives.ReadInt64LittleEndian(entry[L.LastLbaOffset..]);
            if (first < primary.FirstUsableLba || last < first || last > primary.LastUsableLba)
            {
                throw Corrupt($"partition entry {i + 1}", entryOffset, "first_lba..last_lba", $"{first}..{last}");
            }

            var name = DecodeName(entry.Slice(L.NameOffset, L.NameChars * 2));
            partitions.Add(new GptPartition(type, new Guid(entry.Slice(L.UniqueGuidOffset, 16)), name, first * L.SectorSize,
                (last - first + 1) * L.SectorSize, (GptPartitionAttributes)BinaryPrimitives.ReadUInt64LittleEndian(entry[L.AttributesOffset..])));
        }

        var byOffset = partitions.OrderBy(p => p.Offset).ToArray();
        for (var i = 1; i < byOffset.Length; i++)
        {
            if (byOffset[i].Offset < byOffset[i - 1].End)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.GptPartitionsOverlap, byOffset[i - 1].Name, byOffset[i].Name));
            }
        }

        return new GptTable(primary.DiskGuid, size, partitions);
    }

    private static Header ReadHeader(Stream disk, long lba, long sectors, string what)
    {
        var offset = lba * L.SectorSize;
        var sector = ReadAt(disk, offset, L.SectorSize);
        if (!sector.AsSpan(0, 8).SequenceEqual(L.Signature))
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.GptBadSignature, what, offset));
        }

        var revision = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(L.RevisionOffset));
        Check(revision >> 16 == 1, "revision", revision);
        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(L.HeaderSizeOffset));
        Check(headerSize is >= L.HeaderSize and <= L.SectorSize, "header_size", headerSize);
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(L.HeaderCrcOffset));
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(L.HeaderCrcOffset), 0);
        var actualCrc = Crc32.HashToUInt32(sector.AsSpan(0, (int)headerSize));
        if (storedCrc != actualCrc)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.GptBadCrc, what, offset, storedCrc, actualCrc));
        }

        var header = new Header(
            BinaryPrimitives.ReadInt64LittleEndian(sector.AsSpan(L.MyLbaOffset)),
            BinaryPrimitives.ReadInt64LittleEndian(sector.AsSpan(L.AlternateLbaOffset)),
            BinaryPrimitives.ReadInt64LittleEndian(sector.AsSpan(L.FirstUsableLbaOffset)),
            BinaryPrimitives.ReadInt64LittleEndian(sector.AsSpan(L.LastUsableLbaOffset)),
            new Guid(sector.AsSpan(L.DiskGuidOffset, 16)),
            BinaryPrimitives.ReadInt64LittleEndian(sector.AsSpan(L.EntriesLbaOffset)),
            (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(L.EntryCountOffset)), int.MaxValue),
            (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(L.EntrySizeOffset)), int.MaxValue),
            BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(L.EntriesCrcOffset)));

        Check(header.MyLba == lba, "my_lba", header.MyLba);
        Check(header.FirstUsableLba >= 2 && header.FirstUsableLba <= header.LastUsableLba + 1, "first_usable_lba", header.FirstUsableLba);
        Check(header.LastUsableLba < sectors, "last_usable_lba", header.LastUsableLba);
        Check(header.EntrySize >= L.EntrySize && int.IsPow2(header.EntrySize), "size_of_partition_entry", header.EntrySize);
        Check((long)header.EntryCount * header.EntrySize <= L.MaxEntriesBytes, "number_of_partition_entries", header.EntryCount);
        var entriesEnd = header.EntriesLba + ((long)header.EntryCount * header.EntrySize + L.SectorSize - 1) / L.SectorSize;
        var outsideUsable = entriesEnd <= header.FirstUsableLba || header.EntriesLba > header.LastUsableLba;
        Check(header.EntriesLba >= 2 && header.EntriesLba != lba && entriesEnd <= sectors && outsideUsable, "partition_entry_lba", header.EntriesLba);
        return header;

        void Check(bool valid, string field, object value)
        {
            if (!valid)
            {
                throw Corrupt(what, offset, field, value);
            }
        }
    }

    private static byte[] ReadEntries(Stream disk, Header header, string what)
    {
        var offset = header.EntriesLba * L.SectorSize;
        var entries = ReadAt(disk, offset, header.EntryCount * header.EntrySize);
        var actual = Crc32.HashToUInt32(entries);
        if (actual != header.EntriesCrc)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.GptBadCrc, what, offset, header.EntriesCrc, actual));
        }

        return entries;
    }

    private static string DecodeName(ReadOnlySpan<byte> utf16)
    {
        var text = Encoding.Unicode.GetString(utf16);
        var end = text.IndexOf('\0');
        return end < 0 ? text : text[..end];
    }

    private static byte[] ReadAt(Stream disk, long offset, int count)
    {
        var bytes = new byte[count];
        disk.Position = offset;
        disk.ReadExactly(bytes);
        return bytes;
    }

    private static InvalidDataException Corrupt(string what, long offset, string field, object value) =>
        new(string.Format(CultureInfo.InvariantCulture, Strings.GptBadField, what, offset, field, value));
}
