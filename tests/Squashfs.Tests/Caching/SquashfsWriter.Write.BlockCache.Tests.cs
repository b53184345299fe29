using Squashfs.Caching;
using Squashfs.Compression;
using Squashfs.Tests.Support;
using Squashfs.Tree;

namespace Squashfs.Tests.Caching;

/// <summary>With a block cache, cold or warm, damaged, shared or unwritable, the image is the bytes written without one.</summary>
public class SquashfsWriterWriteBlockCacheTests
{
    public static TheoryData<string, int> CompressorsAndThreads()
    {
        var data = new TheoryData<string, int>();
        foreach (var compression in new[] { "gzip", "xz", "lzma", "lzo", "lz4", "zstd" })
        {
            foreach (var threads in new[] { 1, 2, 5 })
            {
                data.Add(compression, threads);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CompressorsAndThreads))]
    public void ColdAndWarmCache_GiveTheBytesOfNoCache(string compression, int threads)
    {
        using var temp = new TempDirectory();
        var source = CreateTree(temp.Combine("src"));
        var options = Images.Options(compression) with { Parallelism = threads };
        var cache = new BlockCache(temp.Combine("cache"));

        var expected = Write(source, options);
        var cold = Write(source, options with { BlockCache = cache }, out var coldResult);
        var warm = Write(source, options with { BlockCache = cache }, out var warmResult);

        Assert.Equal(expected, cold);
        Assert.Equal(expected, warm);

        // A cold build already hits blocks that repeat within it; a warm one hits every entry, some more than once.
        Assert.InRange(warmResult.CachedBlocks, Math.Max(cache.GetUsage().Entries, coldResult.CachedBlocks + 1), long.MaxValue);
    }

    [Fact]
    public void OtherCompressorOptions_DoNotHitEachOthersEntries()
    {
        using var temp = new TempDirectory();
        var source = CreateTree(temp.Combine("src"));
        var cache = new BlockCache(temp.Combine("cache"));
        Write(source, Images.Options("gzip -Xcompression-level 9") with { BlockCache = cache, Parallelism = 1 });

        // One thread, so that the hits within a build are the same every time.
        var fast = Images.Options("gzip -Xcompression-level 1") with { Parallelism = 1 };
        var cached = Write(source, fast with { BlockCache = cache }, out var result);
        Write(source, fast with { BlockCache = new BlockCache(temp.Combine("empty")) }, out var cold);

        Assert.Equal(Write(source, fast), cached);
        Assert.Equal(cold.CachedBlocks, result.CachedBlocks);
    }

    [Fact]
    public void ChangedFile_IsTheOnlyOneCompressedAgain()
    {
        using var temp = new TempDirectory();
        var source = CreateTree(temp.Combine("src"));
        var cache = new BlockCache(temp.Combine("cache"));
        var options = Images.Options("xz") with { BlockCache = cache };
        Write(source, options);
        var entries = cache.GetUsage().Entries;

        File.WriteAllBytes(Path.Join(source, "big"), TestTrees.Random(99, (10 * TestTrees.SmallBlock) + 7));
        var rebuilt = Write(source, options, out var result);

        Assert.Equal(Write(source, Images.Options("xz")), rebuilt);
        Assert.True(result.CachedBlocks >= entries - 12, $"{result.CachedBlocks} of {entries} blocks from the cache");
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    public void DamagedEntries_AreCompressedAgainAndReplaced(string damage)
    {
        using var temp = new TempDirectory();
        var source = CreateTree(temp.Combine("src"));
        var cache = new BlockCache(temp.Combine("cache"));
        var options = Images.Options("zstd") with { BlockCache = cache, Parallelism = 1 };
        var expected = Write(source, options);
        Write(source, options, out var warm);
        var entries = Directory.GetFiles(cache.Directory, "*", SearchOption.AllDirectories).ToDictionary(e => e, File.ReadAllBytes);
        foreach (var (entry, bytes) in entries.Where((_, i) => i % 3 == 0))
        {
            File.WriteAllBytes(entry, damage switch
            {
                "flip" => Flip(bytes, bytes.Length / 2),
                "truncate" => bytes[..^1],
                _ => [],
            });
        }

        var rebuilt = Write(source, options, out var result);
        var again = Write(source, options, out var repaired);

        Assert.Equal(expected, rebuilt);
        Assert.InRange(result.CachedBlocks, 0, warm.CachedBlocks - 1);
        Assert.All(entries, e => Assert.Equal(e.Value, File.ReadAllBytes(e.Key)));
        Assert.Equal(expected, again);
        Assert.Equal(warm.CachedBlocks, repaired.CachedBlocks);
    }

    [Fact]
    public void ConcurrentBuilds_SharingOneCache_BothWriteCorrectImages()
    {
        using var temp = new TempDirectory();
        var first = CreateTree(temp.Combine("a"));
        var second = CreateTree(temp.Combine("b"));
        File.WriteAllBytes(Path.Join(second, "only-in-b"), TestTrees.Random(7, 20 * TestTrees.SmallBlock));
        var options = Images.Options("xz") with { Parallelism = 2 };
        var expected = new[] { Write(first, options), Write(second, options) };

        for (var round = 0; round < 3; round++)
        {
            // Both builds start cold in the first round, so they race to store the same entries.
            var cache = new BlockCache(temp.Combine("cache"));
            var images = new[] { first, second }.AsParallel().AsOrdered().WithDegreeOfParallelism(2)
                .Select(source => Write(source, options with { BlockCache = cache })).ToArray();
            Assert.Equal(expected[0], images[0]);
            Assert.Equal(expected[1], images[1]);
        }
    }

    /// <summary>
    /// Workers storing the first entries of an empty cache at once: each fan-out directory is made by whichever comes
    /// first, and .NET reports the others' failed creates as FileNotFound or DirectoryNotFound depending on whether it
    /// was made by then. Either way every entry is stored; once, storing stopped for the rest of the build.
    /// </summary>
    [Fact]
    public void WorkersStoringIntoAnEmptyCacheAtOnce_AllStore()
    {
        using var compressor = CompressionSettings.Parse("gzip").CreateCompressor(BlockSize.Default);
        for (var round = 0; round < 100; round++)
        {
            using var temp = new TempDirectory();
            var cache = new BlockCache(temp.Combine("cache"));
            var session = BlockCacheSession.Open(cache, compressor, BlockSize.Default);
            using var go = new ManualResetEventSlim();
            var threads = Enumerable.Range(0, 48).Select(i => new Thread(() =>
            {
                using var worker = session.CreateWorker();
                worker.Hash(BitConverter.GetBytes((round * 1000) + i));
                go.Wait();
                worker.Store([1, 2, 3]);
            })).ToList();
            threads.ForEach(t => t.Start());
            go.Set();
            threads.ForEach(t => t.Join());

            Assert.False(session.StoresFailed, $"round {round}: storing stopped");
            Assert.Equal(48, cache.GetUsage().Entries);
        }
    }

    [Fact]
    public void CacheDirectoryThatCannotBeCreated_GivesOneWarningAndTheImage()
    {
        using var temp = new TempDirectory();
        var source = CreateTree(temp.Combine("src"));
        File.WriteAllText(temp.Combine("file"), "a regular file where the cache's parent should be");
        var warnings = new List<string>();
        var options = Images.Options("gzip");

        var image = Write(source, options with { BlockCache = new BlockCache(temp.Combine("file", "cache")), Warning = warnings.Add });

        Assert.Equal(Write(source, options), image);
        Assert.Contains("cannot be used", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadOnlyCache_GivesOneWarning_StillServesItsEntries_AndTheImage()
    {
        using var temp = new TempDirectory();
        using var mount = new TmpfsMount(temp.Combine("mnt"), "16m");
        var source = CreateTree(temp.Combine("src"));
        var cache = new BlockCache(Path.Join(mount.Path, "cache"));
        var options = Images.Options("zstd");
        Write(source, options with { BlockCache = cache });
        mount.RemountReadOnly();
        File.WriteAllBytes(Path.Join(source, "new"), TestTrees.Random(5, 8 * TestTrees.SmallBlock));
        var warnings = new List<string>();

        var image = Write(source, options with { BlockCache = cache, Warning = warnings.Add }, out var result);

        Assert.Equal(Write(source, options), image);
        Assert.Single(warnings);
        Assert.True(result.CachedBlocks > 10);
    }

    [Fact]
    public void FullCacheFileSystem_GivesOneWarningAndTheImage()
    {
        using var temp = new TempDirectory();
        using var mount = new TmpfsMount(temp.Combine("mnt"), "64k");
        var source = CreateTree(temp.Combine("src"));
        var warnings = new List<string>();
        var options = Images.Options("gzip");

        var image = Write(source, options with { BlockCache = new BlockCache(Path.Join(mount.Path, "cache")), Warning = warnings.Add });

        Assert.Equal(Write(source, options), image);
        Assert.Single(warnings);
    }

    [Fact]
    public void CacheOverItsLimit_IsTrimmedAfterTheBuild()
    {
        using var temp = new TempDirectory();
        var source = CreateTree(temp.Combine("src"));
        var cache = new BlockCache(temp.Combine("cache"), sizeLimit: 40_000);
        var options = Images.Options("gzip") with { BlockCache = cache };

        var image = Write(source, options);

        Assert.Equal(Write(source, Images.Options("gzip")), image);
        var usage = cache.GetUsage();
        Assert.InRange(usage.Bytes, 1, cache.SizeLimit);
    }

    /// <summary>Random and repetitive files around the block size, which compress, stay uncompressed or are sparse.</summary>
    private static string CreateTree(string root)
    {
        TestTrees.CreateRandom(root, seed: 3, files: 120);
        File.WriteAllBytes(Path.Join(root, "big"), TestTrees.Random(4, (10 * TestTrees.SmallBlock) + 7));
        File.WriteAllBytes(Path.Join(root, "sparse"), new byte[3 * TestTrees.SmallBlock]);
        TestTrees.SetTimes(root, 1_600_000_000);
        return root;
    }

    private static byte[] Write(string source, SquashfsWriterOptions options) => Write(source, options, out _);

    private static byte[] Write(string source, SquashfsWriterOptions options, out SquashfsWriteResult result)
    {
        using var stream = new MemoryStream();
        result = SquashfsWriter.Write(new HostTreeLoader().LoadRoot(source), stream, options);
        return stream.ToArray();
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = bytes.ToArray();
        copy[index] ^= 0x40;
        return copy;
    }
}
