using System.Text.Json;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Cli;

/// <summary>The block cache from the command line: --cache, --no-cache, --cache-size, and the `cache` verb.</summary>
public class CommandLineRunCacheTests
{
    private static string HelloSpec => Path.Join(Repository.Example("hello"), "hello.json");

    [Fact]
    public void Squash_TwiceWithOneCache_TakesBlocksFromIt_AndWritesTheSameBytes()
    {
        using var work = CreateSource();
        var cache = work.Combine("cache");

        var first = Squash(work, "first.sqfs", "--cache", cache);
        var second = Squash(work, "second.sqfs", "--cache", cache);

        Assert.Equal(0, first.GetProperty("cachedBlocks").GetInt64());
        Assert.True(second.GetProperty("cachedBlocks").GetInt64() > 0);
        Assert.Equal(WithoutMkfsTime(work.Combine("first.sqfs")), WithoutMkfsTime(work.Combine("second.sqfs")));
    }

    /// <summary>The image's bytes with the superblock's mkfs_time (bytes 8-11) zeroed: two builds may straddle a second.</summary>
    private static byte[] WithoutMkfsTime(string image)
    {
        var bytes = File.ReadAllBytes(image);
        Array.Clear(bytes, 8, 4);
        return bytes;
    }

    [Fact]
    public void Squash_NoCache_NeitherReadsNorWritesIt()
    {
        using var work = CreateSource();
        var cache = work.Combine("cache");

        var result = Squash(work, "image.sqfs", "--cache", cache, "--no-cache");

        Assert.Equal(0, result.GetProperty("cachedBlocks").GetInt64());
        Assert.False(Directory.Exists(cache));
    }

    [Fact]
    public void Cache_ShowsEntriesAndSize_AndClearEmptiesIt()
    {
        using var work = CreateSource();
        var cache = work.Combine("cache");
        Squash(work, "image.sqfs", "--cache", cache);

        var shown = CacheVerb("--cache", cache, "--cache-size", "1G");
        var cleared = CacheVerb("--cache", cache, "--clear");

        Assert.Equal(cache, shown.GetProperty("directory").GetString());
        Assert.True(shown.GetProperty("entries").GetInt64() > 0);
        Assert.True(shown.GetProperty("bytes").GetInt64() > 0);
        Assert.Equal(1L << 30, shown.GetProperty("sizeLimit").GetInt64());
        Assert.Equal((0, 0), (cleared.GetProperty("entries").GetInt64(), cleared.GetProperty("bytes").GetInt64()));
    }

    [Fact]
    public void Build_WithACacheThatCannotBeCreated_WarnsPS3009_AndBuilds()
    {
        using var work = new TempDirectory();
        var blocker = work.Write("file", "a file where the cache's parent should be");

        var result = TestSupport.Cli.Run("build", HelloSpec, "-o", work.Path, "--cache", Path.Join(blocker, "cache"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning PS3009: The block cache", result.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(work.Combine("hello_2.12.1.raw")));
    }

    [Fact]
    public void BadCacheSize_NamesTheOption()
    {
        var result = TestSupport.Cli.Run("cache", "--cache-size", "lots");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--cache-size 'lots' is not a size", result.Stderr, StringComparison.Ordinal);
    }

    private static TempDirectory CreateSource()
    {
        var work = new TempDirectory();
        work.Write("src/a.txt", string.Concat(Enumerable.Repeat("alpha beta gamma ", 2000)));
        work.Write("src/b.bin", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(30_000)));
        return work;
    }

    private static JsonElement Squash(TempDirectory work, string image, params string[] extra)
    {
        var result = TestSupport.Cli.Run(["squash", work.Combine("src"), work.Combine(image), "--comp", "gzip", "-b", "4K", "--json", .. extra]);
        Assert.Equal((0, string.Empty), (result.ExitCode, result.Stderr));
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    private static JsonElement CacheVerb(params string[] extra)
    {
        var result = TestSupport.Cli.Run(["cache", "--json", .. extra]);
        Assert.Equal((0, string.Empty), (result.ExitCode, result.Stderr));
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
