using Squashfs.Caching;
using Squashfs.Tests.Support;

namespace Squashfs.Tests.Caching;

/// <summary>Eviction removes the least recently used entries, and only files the cache made.</summary>
public class BlockCacheTrimTests
{
    [Fact]
    public void OverTheLimit_RemovesTheOldestEntriesFirst()
    {
        using var temp = new TempDirectory();
        var cache = new BlockCache(temp.Combine("cache"), sizeLimit: 3000);
        var entries = Enumerable.Range(0, 5).Select(i => AddEntry(cache, i, 1000, DateTime.UtcNow.AddMinutes(i - 10))).ToList();

        var usage = cache.Trim();

        Assert.Equal(new BlockCacheUsage(3, 3000), usage);
        Assert.Equal([false, false, true, true, true], entries.Select(File.Exists));
    }

    [Fact]
    public void UnderTheLimit_KeepsEverything()
    {
        using var temp = new TempDirectory();
        var cache = new BlockCache(temp.Combine("cache"), sizeLimit: 10_000);
        var entries = Enumerable.Range(0, 3).Select(i => AddEntry(cache, i, 1000, DateTime.UtcNow)).ToList();

        Assert.Equal(new BlockCacheUsage(3, 3000), cache.Trim());
        Assert.All(entries, e => Assert.True(File.Exists(e)));
    }

    [Fact]
    public void StaleTemporaryFiles_AreRemoved_FreshOnesAndForeignFilesKept()
    {
        using var temp = new TempDirectory();
        var cache = new BlockCache(temp.Combine("cache"), sizeLimit: 10_000);
        var entry = AddEntry(cache, 1, 100, DateTime.UtcNow);
        var directory = Path.GetDirectoryName(entry)!;
        var stale = Path.Join(directory, $".{Path.GetFileName(entry)}.{Guid.NewGuid():N}.tmp");
        var fresh = Path.Join(directory, $".{Path.GetFileName(entry)}.{Guid.NewGuid():N}.tmp");
        var foreign = Path.Join(directory, "notes.txt");
        foreach (var path in new[] { stale, fresh, foreign })
        {
            File.WriteAllBytes(path, new byte[10]);
        }

        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));

        cache.Trim();

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(foreign));
        Assert.True(File.Exists(entry));
    }

    [Fact]
    public void Clear_RemovesEntriesOnly()
    {
        using var temp = new TempDirectory();
        var cache = new BlockCache(temp.Combine("cache"));
        AddEntry(cache, 1, 100, DateTime.UtcNow);
        AddEntry(cache, 2, 100, DateTime.UtcNow);
        var foreign = temp.Combine("cache", "keep.txt");
        File.WriteAllText(foreign, "not the cache's");

        cache.Clear();

        Assert.Equal(new BlockCacheUsage(0, 0), cache.GetUsage());
        Assert.True(File.Exists(foreign));
        Assert.Equal([foreign], Directory.GetFileSystemEntries(cache.Directory));
    }

    [Fact]
    public void DefaultSizeLimit_IsAFractionOfTheDisk_WithinBounds()
    {
        using var temp = new TempDirectory();

        var limit = BlockCache.DefaultSizeLimit(temp.Combine("not", "yet", "there"));

        Assert.InRange(limit, 256L << 20, 10L << 30);
        Assert.Equal(limit, new BlockCache(temp.Combine("cache")).SizeLimit);
    }

    private static string AddEntry(BlockCache cache, int seed, int length, DateTime lastUsed)
    {
        var path = cache.PathOf(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(seed)));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[length]);
        File.SetLastWriteTimeUtc(path, lastUsed);
        return path;
    }
}
