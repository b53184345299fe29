using DiskImages.Tests.Support;
using DiskImages.Verity;

namespace DiskImages.Tests.Verity;

public sealed class VerityHashTreeVerifyTests
{
    [Fact]
    public void Verify_OurTree_IsValid()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 700 * 4096L);
        var result = VerityHashTree.Format(data, dir.Combine("data.verity"));

        var verification = VerityHashTree.Verify(data, dir.Combine("data.verity"), result.RootHash.AsSpan());

        Assert.True(verification.IsValid, verification.Problem);
        Assert.Null(verification.FirstBadDataBlock);
    }

    [ToolFact("veritysetup")]
    public void Verify_VeritysetupsTree_IsValid_AndItsSuperblockReadsTheSame()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 333 * 4096L);
        var salt = Convert.FromHexString("00112233445566778899aabbccddeeff");
        var uuid = Guid.Parse("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f0");
        var rootHash = Veritysetup.Format(data, dir.Combine("data.verity"), salt, uuid);

        var verification = VerityHashTree.Verify(data, dir.Combine("data.verity"), Convert.FromHexString(rootHash));
        var superblock = VeritySuperblock.Read(dir.Combine("data.verity"));

        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(uuid, superblock.Uuid);
        Assert.Equal(salt, superblock.Salt.AsSpan().ToArray());
        Assert.Equal((1, "sha256", 4096, 4096, 333L), (superblock.HashType, superblock.Algorithm, superblock.DataBlockSize, superblock.HashBlockSize, superblock.DataBlocks));
    }

    // Block 0, a block inside the first hash block, one in a later hash block, and the last one.
    [ToolTheory("veritysetup")]
    [InlineData(0L)]
    [InlineData(77L)]
    [InlineData(300L)]
    [InlineData(699L)]
    public void Verify_OneFlippedDataByte_FailsHereAndInVeritysetup_NamingTheBlock(long block)
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 700 * 4096L);
        var result = VerityHashTree.Format(data, dir.Combine("data.verity"));
        Flip(data, block * 4096 + 123);

        var verification = VerityHashTree.Verify(data, dir.Combine("data.verity"), result.RootHash.AsSpan());
        var veritysetup = Veritysetup.Verify(data, dir.Combine("data.verity"), result.RootHashHex);

        Assert.False(verification.IsValid);
        Assert.Equal(block, verification.FirstBadDataBlock);
        Assert.Contains($"Data block {block} ", verification.Problem);
        Assert.NotEqual(0, veritysetup.ExitCode);
    }

    [Fact]
    public void Verify_WrongRootHash_FailsNamingBoth()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 10 * 4096L);
        var result = VerityHashTree.Format(data, dir.Combine("data.verity"));
        var wrong = result.RootHash.ToArray();
        wrong[31] ^= 1;

        var verification = VerityHashTree.Verify(data, dir.Combine("data.verity"), wrong);

        Assert.False(verification.IsValid);
        Assert.Null(verification.FirstBadDataBlock);
        Assert.Contains(result.RootHashHex, verification.Problem);
    }

    [Fact]
    public void Verify_TamperedUpperHashBlock_FailsNamingTheHashBlock()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 300 * 4096L);
        var result = VerityHashTree.Format(data, dir.Combine("data.verity"));
        // Two levels: the top level's single block sits right after the superblock's block.
        Flip(dir.Combine("data.verity"), 4096 + 5);

        var verification = VerityHashTree.Verify(data, dir.Combine("data.verity"), result.RootHash.AsSpan());

        Assert.False(verification.IsValid);
        Assert.Null(verification.FirstBadDataBlock);
        Assert.Contains("of level 1", verification.Problem);
    }

    [Fact]
    public void Verify_DataLongerThanTheTree_IgnoresTheRest()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 10 * 4096L);
        var result = VerityHashTree.Format(data, dir.Combine("data.verity"));
        File.AppendAllText(data, "trailing");

        Assert.True(VerityHashTree.Verify(data, dir.Combine("data.verity"), result.RootHash.AsSpan()).IsValid);
    }

    [Fact]
    public void Verify_DataShorterThanTheTree_ThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 10 * 4096L);
        var result = VerityHashTree.Format(data, dir.Combine("data.verity"));
        using (var stream = File.OpenWrite(data))
        {
            stream.SetLength(9 * 4096L);
        }

        Assert.Throws<InvalidDataException>(() => VerityHashTree.Verify(data, dir.Combine("data.verity"), result.RootHash.AsSpan()));
    }

    private static void Flip(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x01));
    }
}
