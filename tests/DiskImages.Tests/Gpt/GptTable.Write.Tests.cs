using DiskImages.Gpt;
using DiskImages.Tests.Support;

namespace DiskImages.Tests.Gpt;

public sealed class GptTableWriteTests
{
    private static GptTable Sample()
    {
        var (offsets, diskSize) = GptTable.Allocate([3 * 4096, 1024 * 1024 + 512, 512]);
        var x64 = DiscoverablePartitionTypes.Get("x86-64");
        return new GptTable(Guid.Parse("11111111-2222-4333-8444-555555555555"), diskSize,
        [
            new(x64.Root, Guid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10"), "root-x86-64", offsets[0], 3 * 4096, GptPartitionAttributes.ReadOnly),
            new(x64.RootVerity, Guid.Parse("a1a2a3a4-b1b2-c1c2-d1d2-e1e2e3e4e5e6"), "root-x86-64-verity", offsets[1], 1024 * 1024 + 512),
            new(x64.RootVeritySignature, Guid.Parse("ffeeddcc-bbaa-4988-8776-655443322110"), "Ünïcode name", offsets[2], 512, GptPartitionAttributes.NoAuto | GptPartitionAttributes.GrowFileSystem),
        ]);
    }

    [ToolFact("sfdisk")]
    public void Write_SfdiskReadsTheSameTable()
    {
        using var dir = new TempDirectory();
        var table = Sample();
        using (var disk = File.Create(dir.Combine("disk.img")))
        {
            table.Write(disk);
        }

        var sfdisk = Sfdisk.Read(dir.Combine("disk.img"));
        var verify = ExternalTool.Run("sfdisk", "--verify", dir.Combine("disk.img"));

        Assert.True(verify.ExitCode == 0 && !verify.Stdout.Contains("problem", StringComparison.OrdinalIgnoreCase), verify.Stdout + verify.Stderr);
        Assert.Equal("gpt", sfdisk.Label);
        Assert.Equal(table.DiskGuid.ToString(), sfdisk.Id);
        Assert.Equal(34, sfdisk.FirstLba);
        Assert.Equal(1024 * 1024, sfdisk.Partitions[0].Start);
        Assert.Equal(table.DiskSize / 512 - 34, sfdisk.LastLba);
        Assert.Equal(
            table.Partitions.Select(p => (p.Offset, p.Size, p.Type.ToString(), p.Uuid.ToString(), p.Name)),
            sfdisk.Partitions.Select(p => (p.Start, p.Size, p.Type, p.Uuid, p.Name)));
        Assert.Equal(["GUID:60", null, "GUID:59,63"], sfdisk.Partitions.Select(p => p.Attrs));
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameTable()
    {
        var table = Sample();
        using var disk = new MemoryStream();
        table.Write(disk);

        var read = GptTable.Read(disk);

        Assert.Equal(table.DiskGuid, read.DiskGuid);
        Assert.Equal(table.DiskSize, read.DiskSize);
        Assert.Equal(table.Partitions, read.Partitions);
    }

    [Fact]
    public void Write_OverlappingPartitions_Throws()
    {
        var table = Sample();
        var bad = table with { Partitions = [table.Partitions[0], table.Partitions[1] with { Offset = table.Partitions[0].Offset + 4096 }] };

        Assert.Throws<ArgumentException>(() => bad.Write(new MemoryStream()));
    }

    [Fact]
    public void Write_PartitionPastTheBackupTable_Throws()
    {
        var table = Sample();
        var bad = table with { Partitions = [table.Partitions[0] with { Size = table.DiskSize }] };

        Assert.Throws<ArgumentException>(() => bad.Write(new MemoryStream()));
    }

    [Fact]
    public void Write_NameLongerThan36_Throws()
    {
        var table = Sample();
        var bad = table with { Partitions = [table.Partitions[0] with { Name = new string('n', 37) }] };

        Assert.Throws<ArgumentException>(() => bad.Write(new MemoryStream()));
    }
}
