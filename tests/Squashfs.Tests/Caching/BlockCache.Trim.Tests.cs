using Squashfs.Caching;
using Squashfs.Tests.Support;

namespace Squashfs.Tests.Caching;

/// <summary>Eviction removes the least recently used entries, and only files the cache made.</summary>
public class BlockCacheTrimTests
{
    [Fact]
    public void OverTheLimit_RemovesTheOldestEntriesFirst_PerFanOutDirectory()
    {
        using var temp = new TempDirectory();
        // Each of the 16 fan-out directories may hold 3,000 bytes.
        var cache = new BlockCache(temp.Combine("cache"), sizeLimit: 16 * 3000);
        var crowded = Enumerable.Range(0, 5).Select(i => AddEntry(cache, i, 1000, DateTime.UtcNow.AddMinutes(i - 10), fanOut: 3)).ToList();
        var older = AddEntry(cache, 5, 2000, DateTime.UtcNow.AddDays(-1), fanOut: 4);

        var usage = cache.Trim();

        Assert.Equal(new BlockCacheUsage(4, 5000), usage);
        Assert.Equal([false, false, true, true, true], crowded.Select(File.Exists));
        Assert.True(File.Exists(older), "an entry within its directory's share stays, however old");
    }

    [Fact]
    public void TrimOfOneFanOutDirectory_LeavesTheOthers()
    {
        using var temp = new TempDirectory();
        var cache = new BlockCache(temp.Combine("cache"), sizeLimit: 16 * 1000);
        var stored = Enumerable.Range(0, 2).Select(i => AddEntry(cache, i, 1000, DateTime.UtcNow.AddMinutes(i - 10), fanOut: 7)).ToList();
        var untouched = Enumerable.Range(2, 2).Select(i => AddEntry(cache, i, 1000, DateTime.UtcNow.AddMinutes(i - 10), fanOut: 8)).ToList();

        Assert.Equal(new BlockCacheUsage(1, 1000), cache.Trim(7));
        Assert.Equal([false, true], stored.Select(File.Exists));
        Assert.Equal([true, true], untouched.Select(File.Exists));
    }

    [Fact]
    public void UnderTheLimit_KeepsEverything()
    {
        using var temp = new TempDirectory();
        var cache = new BlockCache(temp.Combine("cache"), sizeLimit: 16 * 10_000);
        var entries = Enumerable.Range(0, 3).Select(i => AddEntry(cache, i, 1000, DateTime.UtcNow, fanOut: 0)).ToList();

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

    /// <summary>Adds an entry file under a made-up key, in fan-out directory <paramref name="fanOut"/> when given.</summary>
    private static string AddEntry(BlockCache cache, int seed, int length, DateTime lastUsed, int? fanOut = null)
    {
        var key = System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(seed));
        if (fanOut is { } directory)
        {
            key[0] = (byte)((directory << 4) | (key[0] & 0x0f));
        }

        var path = cache.PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[length]);
        File.SetLastWriteTimeUtc(path, lastUsed);
        return path;
    }
}
