using DiskImages.Tests.Support;
using DiskImages.Verity;

namespace DiskImages.Tests.Verity;

public sealed class VerityHashTreeFormatTests
{
    private static readonly byte[] Salt = Convert.FromHexString("8d2b1f0c5a4e7e3c9d6b0a1f2e3d4c5b6a79881726354433221100ffeeddccbb");
    private static readonly Guid Uuid = Guid.Parse("5c4d1e2f-3a4b-4c5d-8e6f-708192a3b4c5");

    // One block (no tree), two, a level's worth and one more, and 128*128+1 blocks: three levels.
    [ToolTheory("veritysetup")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(300)]
    [InlineData(128 * 128 + 1)]
    public void Format_MatchesVeritysetupByteForByte(int blocks)
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", blocks * 4096L, seed: blocks);

        var ours = VerityHashTree.Format(data, dir.Combine("ours.verity"), new VerityOptions { Salt = Salt, Uuid = Uuid });
        var theirs = Veritysetup.Format(data, dir.Combine("theirs.verity"), Salt, Uuid);

        Assert.Equal(theirs, ours.RootHashHex);
        Assert.Equal(File.ReadAllBytes(dir.Combine("theirs.verity")), File.ReadAllBytes(dir.Combine("ours.verity")));
        Assert.Equal(new FileInfo(dir.Combine("ours.verity")).Length, ours.HashSize);
        Assert.Equal(ours.HashSize, VerityHashTree.GetHashSize(blocks * 4096L));
    }

    [ToolFact("veritysetup")]
    public void Format_EmptySalt_MatchesVeritysetup()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 200 * 4096L);

        var ours = VerityHashTree.Format(data, dir.Combine("ours.verity"), new VerityOptions { Salt = [], Uuid = Uuid });
        var theirs = Veritysetup.Format(data, dir.Combine("theirs.verity"), [], Uuid);

        Assert.Equal(theirs, ours.RootHashHex);
        Assert.Equal(File.ReadAllBytes(dir.Combine("theirs.verity")), File.ReadAllBytes(dir.Combine("ours.verity")));
    }

    [ToolFact("veritysetup")]
    public void Format_DefaultSaltAndUuid_VerifiesAndDumpsTheExpectedParameters()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 1000 * 4096L);
        var hash = dir.Combine("data.verity");

        var result = VerityHashTree.Format(data, hash);

        var verify = Veritysetup.Verify(data, hash, result.RootHashHex);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        var dump = Veritysetup.Dump(hash);
        Assert.Equal("1", dump["Hash type"]);
        Assert.Equal("1000", dump["Data blocks"]);
        Assert.Equal("4096", dump["Data block size"]);
        Assert.Equal("4096", dump["Hash block size"]);
        Assert.Equal("sha256", dump["Hash algorithm"]);
        Assert.Equal(Convert.ToHexStringLower(result.Superblock.Salt.AsSpan()), dump["Salt"]);
        Assert.Equal(result.Superblock.Uuid.ToString(), dump["UUID"]);
        Assert.Equal(32, result.Superblock.Salt.Length);
    }

    [Fact]
    public void Format_DefaultSaltAndUuid_AreReproducibleAndFollowTheData()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 64 * 4096L, seed: 7);
        var other = TestData.File(dir, "other.raw", 64 * 4096L, seed: 8);

        var first = VerityHashTree.Format(data, dir.Combine("1.verity"));
        var second = VerityHashTree.Format(data, dir.Combine("2.verity"), new VerityOptions { MaxDegreeOfParallelism = 1 });
        var third = VerityHashTree.Format(other, dir.Combine("3.verity"));

        Assert.Equal(File.ReadAllBytes(dir.Combine("1.verity")), File.ReadAllBytes(dir.Combine("2.verity")));
        Assert.Equal(first.RootHashHex, second.RootHashHex);
        Assert.NotEqual(first.Superblock.Salt.AsSpan().ToArray(), third.Superblock.Salt.AsSpan().ToArray());
        Assert.NotEqual(first.Superblock.Uuid, third.Superblock.Uuid);
        Assert.Equal(4, first.Superblock.Uuid.Version);
    }

    [Fact]
    public void Format_ParallelismDoesNotChangeTheOutput()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 3000 * 4096L);
        var options = new VerityOptions { Salt = Salt, Uuid = Uuid };

        var serial = VerityHashTree.Format(data, dir.Combine("1.verity"), options with { MaxDegreeOfParallelism = 1 });
        var parallel = VerityHashTree.Format(data, dir.Combine("4.verity"), options with { MaxDegreeOfParallelism = 4 });

        Assert.Equal(serial.RootHashHex, parallel.RootHashHex);
        Assert.Equal(File.ReadAllBytes(dir.Combine("1.verity")), File.ReadAllBytes(dir.Combine("4.verity")));
    }

    [Fact]
    public void Format_IntoAStreamAtAnOffset_WritesTheSameBytesThere()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 300 * 4096L);
        var options = new VerityOptions { Salt = Salt, Uuid = Uuid };
        var alone = VerityHashTree.Format(data, dir.Combine("alone.verity"), options);

        using var input = File.OpenRead(data);
        using var output = new MemoryStream();
        output.Write(new byte[8192]);
        var embedded = VerityHashTree.Format(input, output, options);

        Assert.Equal(alone.RootHashHex, embedded.RootHashHex);
        Assert.Equal(File.ReadAllBytes(dir.Combine("alone.verity")), output.ToArray()[8192..]);
    }

    [Theory]
    [InlineData(4095)]
    [InlineData(4097)]
    [InlineData(0)]
    public void Format_DataNotWholeBlocks_Throws(long size)
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", size);

        var error = Assert.Throws<ArgumentException>(() => VerityHashTree.Format(data, dir.Combine("data.verity")));
        Assert.Contains(size == 0 ? "empty" : "multiple of the 4096-byte", error.Message);
    }

    [Fact]
    public void Format_SaltTooLong_Throws()
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 4096);

        Assert.Throws<ArgumentException>(() => VerityHashTree.Format(data, dir.Combine("data.verity"), new VerityOptions { Salt = new byte[257] }));
    }
}
