using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using L = DiskImages.Gpt.GptLayout;

namespace DiskImages.Gpt;

public sealed partial record GptTable
{
    /// <summary>
    /// Writes the protective MBR, the primary header and entries, and the backup entries and header at the end of the
    /// disk, which starts at the start of <paramref name="disk"/>; the partitions' contents are left as they are.
    /// The stream is extended to <see cref="DiskSize"/> when shorter.
    /// </summary>
    /// <exception cref="ArgumentException">The table is invalid: partitions out of bounds, overlapping, misaligned,
    /// more than 128, a UUID used twice or a name too long.</exception>
    public void Write(Stream disk)
    {
        ArgumentNullException.ThrowIfNull(disk);
        if (!disk.CanWrite || !disk.CanSeek)
        {
            throw new ArgumentException(Strings.DiskStreamNotWritable, nameof(disk));
        }

        Validate();
        if (disk.Length < DiskSize)
        {
            disk.SetLength(DiskSize);
        }

        var entries = EncodeEntries();
        var entriesCrc = Crc32.HashToUInt32(entries);
        var backupEntriesLba = LastLba - L.EntriesSectors;

        WriteAt(disk, 0, EncodeProtectiveMbr());
        WriteAt(disk, L.SectorSize, EncodeHeader(myLba: 1, alternateLba: LastLba, entriesLba: 2, entriesCrc));
        WriteAt(disk, 2 * L.SectorSize, entries);
        WriteAt(disk, backupEntriesLba * L.SectorSize, entries);
        WriteAt(disk, LastLba * L.SectorSize, EncodeHeader(myLba: LastLba, alternateLba: 1, entriesLba: backupEntriesLba, entriesCrc));
        disk.Flush();
    }

    private void Validate()
    {
        if (DiskSize % L.SectorSize != 0 || DiskSize < L.FirstPartitionOffset)
        {
            throw Invalid(Strings.GptDiskSize, DiskSize);
        }

        if (Partitions.Count > L.EntryCount)
        {
            throw Invalid(Strings.TooManyPartitions, L.EntryCount, Partitions.Count);
        }

        var uuids = new HashSet<Guid>();
        foreach (var partition in Partitions)
        {
            if (partition.Type == Guid.Empty || partition.Offset % L.SectorSize != 0 || partition.Size <= 0 || partition.Size % L.SectorSize != 0
                || partition.Offset < L.FirstUsableLba * L.SectorSize || partition.End > (LastUsableLba + 1) * L.SectorSize)
            {
                throw Invalid(Strings.GptBadPartition, partition.Name, partition.Offset, partition.Size, DiskSize);
            }

            if (partition.Name.Length > L.NameChars)
            {
                throw Invalid(Strings.PartitionNameTooLong, partition.Name);
            }

            if (!uuids.Add(partition.Uuid))
            {
                throw Invalid(Strings.DuplicatePartitionUuid, partition.Uuid);
            }
        }

        var byOffset = Partitions.OrderBy(p => p.Offset).ToArray();
        for (var i = 1; i < byOffset.Length; i++)
        {
            if (byOffset[i].Offset < byOffset[i - 1].End)
            {
                throw Invalid(Strings.GptOverlap, byOffset[i - 1].Name, byOffset[i].Name);
            }
        }

        static ArgumentException Invalid(string format, params object[] arguments) =>
            new(string.Format(CultureInfo.InvariantCulture, format, arguments));
    }

    private byte[] EncodeProtectiveMbr()
    {
        var sector = new byte[L.SectorSize];
        var entry = sector.AsSpan(L.MbrPartitionOffset, 16);
        // One partition of type 0xEE covering the disk (or as much as 32 bits reach), CHS fields as UEFI sets them.
        entry[1] = 0x00;
        entry[2] = 0x02;
        entry[3] = 0x00;
        entry[4] = L.MbrProtectiveType;
        entry[5] = 0xFF;
        entry[6] = 0xFF;
        entry[7] = 0xFF;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)Math.Min(LastLba, uint.MaxValue));
        sector[L.MbrSignatureOffset] = 0x55;
        sector[L.MbrSignatureOffset + 1] = 0xAA;
        return sector;
    }

    private byte[] EncodeEntries()
    {
        var entries = new byte[L.EntryCount * L.EntrySize];
        for (var i = 0; i < Partitions.Count; i++)
        {
            var partition = Partitions[i];
            var entry = entries.AsSpan(i * L.EntrySize, L.EntrySize);
            // GUIDs on disk are in the mixed-endian layout that Guid.TryWriteBytes writes by default.
            partition.Type.TryWriteBytes(entry[L.TypeGuidOffset..]);
            partition.Uuid.TryWriteBytes(entry[L.UniqueGuidOffset..]);
            BinaryPrimitives.WriteInt64LittleEndian(entry[L.FirstLbaOffset..], partition.Offset / L.SectorSize);
            BinaryPrimitives.WriteInt64LittleEndian(entry[L.LastLbaOffset..], partition.End / L.SectorSize - 1);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[L.AttributesOffset..], (ulong)partition.Attributes);
            Encoding.Unicode.GetBytes(partition.Name, entry[L.NameOffset..]);
        }

        return entries;
    }

    private byte[] EncodeHeader(long myLba, long alternateLba, long entriesLba, uint entriesCrc)
    {
        var sector = new byte[L.SectorSize];
        var header = sector.AsSpan(0, L.HeaderSize);
        L.Signature.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[L.RevisionOffset..], L.Revision);
        BinaryPrimitives.WriteUInt32LittleEndian(header[L.HeaderSizeOffset..], L.HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(header[L.MyLbaOffset..], myLba);
        BinaryPrimitives.WriteInt64LittleEndian(header[L.AlternateLbaOffset..], alternateLba);
        BinaryPrimitives.WriteInt64LittleEndian(header[L.FirstUsableLbaOffset..], L.FirstUsableLba);
        BinaryPrimitives.WriteInt64LittleEndian(header[L.LastUsableLbaOffset..], LastUsableLba);
        DiskGuid.TryWriteBytes(header[L.DiskGuidOffset..]);
        BinaryPrimitives.WriteInt64LittleEndian(header[L.EntriesLbaOffset..], entriesLba);
        BinaryPrimitives.WriteUInt32LittleEndian(header[L.EntryCountOffset..], L.EntryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header[L.EntrySizeOffset..], L.EntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(header[L.EntriesCrcOffset..], entriesCrc);
        // The header's CRC covers the header with the CRC field zero.
        BinaryPrimitives.WriteUInt32LittleEndian(header[L.HeaderCrcOffset..], Crc32.HashToUInt32(header));
        return sector;
    }

    private static void WriteAt(Stream disk, long offset, ReadOnlySpan<byte> bytes)
    {
        disk.Position = offset;
        disk.Write(bytes);
    }
}
