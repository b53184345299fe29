using System.Buffers.Binary;
using System.IO.Hashing;
using DiskImages.Gpt;
using DiskImages.Tests.Support;

namespace DiskImages.Tests.Gpt;

public sealed class GptTableReadTests
{
    private static byte[] Disk()
    {
        var (offsets, diskSize) = GptTable.Allocate([8192, 8192]);
        var x64 = DiscoverablePartitionTypes.Get("x86-64");
        var table = new GptTable(Guid.NewGuid(), diskSize,
        [
            new(x64.Root, Guid.NewGuid(), "a", offsets[0], 8192),
            new(x64.RootVerity, Guid.NewGuid(), "b", offsets[1], 8192),
        ]);
        using var disk = new MemoryStream();
        table.Write(disk);
        return disk.ToArray();
    }

    // Bytes in the MBR signature, the primary header, its CRC, the primary entries, the backup header.
    [Theory]
    [InlineData(510, "protective MBR")]
    [InlineData(512 + 3, "'EFI PART'")]
    [InlineData(512 + 16, "primary header at offset 512: the CRC32")]
    [InlineData(1024 + 40, "primary entries at offset 1024: the CRC32")]
    [InlineData(-512 + 3, "backup header")]
    public void Read_CorruptByte_ThrowsInvalidDataNamingTheStructure(int offset, string expected)
    {
        var disk = Disk();
        disk[offset < 0 ? disk.Length + offset : offset] ^= 0x55;

        var error = Assert.Throws<InvalidDataException>(() => GptTable.Read(new MemoryStream(disk)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Read_PartitionBeyondLastUsable_ThrowsEvenWithValidCrcs()
    {
        var disk = Disk();
        // Entry 1's last LBA pointed past the disk, with all CRCs recomputed: only the bounds check can catch it.
        PatchEntries(disk, 40, disk.Length / 512 + 10);

        var error = Assert.Throws<InvalidDataException>(() => GptTable.Read(new MemoryStream(disk)));

        Assert.Contains("partition entry 1", error.Message);
    }

    [Fact]
    public void Read_OverlappingPartitions_ThrowsEvenWithValidCrcs()
    {
        var disk = Disk();
        var firstOfSecond = BinaryPrimitives.ReadInt64LittleEndian(disk.AsSpan(1024 + 128 + 32));
        PatchEntries(disk, 40, firstOfSecond);

        var error = Assert.Throws<InvalidDataException>(() => GptTable.Read(new MemoryStream(disk)));

        Assert.Contains("overlap", error.Message);
    }

    [Fact]
    public void Read_TooSmall_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => GptTable.Read(new MemoryStream(new byte[4096])));
    }

    [ToolFact("systemd-repart", "mksquashfs", "openssl")]
    public void Read_SystemdRepartDdi_ListsItsPartitions()
    {
        using var dir = new TempDirectory();
        var definitions = Path.Join(dir.Path, "repart.d");
        Directory.CreateDirectory(definitions);
        File.WriteAllText(Path.Join(definitions, "10-root.conf"), "[Partition]\nType=root\nFormat=squashfs\nCopyFiles=/\nVerity=data\nVerityMatchKey=root\n");
        File.WriteAllText(Path.Join(definitions, "20-verity.conf"), "[Partition]\nType=root-verity\nVerity=hash\nVerityMatchKey=root\n");
        var tree = Path.Join(dir.Path, "tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Join(tree, "hello"), "hello\n");
        var image = dir.Combine("repart.raw");
        ExternalTool.RunChecked("systemd-repart", "--empty=create", "--size=auto", "--dry-run=no", $"--root={tree}", $"--definitions={definitions}",
            "--seed=0d4b1b7b-e8ea-4c4a-9a0c-5c9b84a7a4f1", image);

        var ours = GptTable.Read(image);
        var sfdisk = Sfdisk.Read(image);

        Assert.Equal(sfdisk.Id, ours.DiskGuid.ToString());
        Assert.Equal(
            sfdisk.Partitions.Select(p => (p.Start, p.Size, p.Type, p.Uuid, p.Name)),
            ours.Partitions.Select(p => (p.Offset, p.Size, p.Type.ToString(), p.Uuid.ToString(), p.Name)));
        var x64 = DiscoverablePartitionTypes.Get("x86-64");
        Assert.Equal([x64.Root, x64.RootVerity], ours.Partitions.Select(p => p.Type));
    }

    /// <summary>Writes a value into both entry arrays and recomputes the CRCs of both arrays and both headers.</summary>
    private static void PatchEntries(byte[] disk, int offsetInArray, long value)
    {
        var lastLba = disk.Length / 512 - 1;
        foreach (var (headerLba, entriesLba) in new[] { (1L, 2L), (lastLba, lastLba - 32) })
        {
            var entries = disk.AsSpan((int)entriesLba * 512, 128 * 128);
            BinaryPrimitives.WriteInt64LittleEndian(entries[offsetInArray..], value);
            var header = disk.AsSpan((int)headerLba * 512, 92);
            BinaryPrimitives.WriteUInt32LittleEndian(header[88..], Crc32.HashToUInt32(entries));
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], Crc32.HashToUInt32(header));
        }
    }
}
