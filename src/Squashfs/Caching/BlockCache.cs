using System.IO.Enumeration;

namespace Squashfs.Caching;

/// <summary>
/// A directory of compressed data and fragment blocks, keyed by the SHA-256 of the uncompressed block and everything
/// that decides its compressed form (codec, options, block size, codec library version). Set it as
/// <see cref="SquashfsWriterOptions.BlockCache"/> and a rebuild compresses only the blocks it has not seen; the image
/// is byte for byte the one written without a cache.
/// </summary>
/// <remarks>
/// Each entry is a file <c>DIR/ab/cdef…</c> named by its key, written to a temporary file and renamed, and checked
/// (key, length, checksum) when read, so builds in several processes can share a directory without locks, and a
/// damaged entry is compressed again rather than used. A cache that cannot be written does not fail a build: the
/// writer reports it through <see cref="SquashfsWriterOptions.Warning"/> and goes on without it. After a build that
/// added entries, the least recently used ones (by modification time, renewed on every hit) are removed until the
/// cache fits <see cref="SizeLimit"/>. An instance holds no state beyond its settings and can be shared.
/// </remarks>
public sealed class BlockCache
{
    private const long MinDefaultSizeLimit = 256L << 20;
    private const long MaxDefaultSizeLimit = 10L << 30;

    /// <summary>A temporary file this old was left by a build that died; younger ones may belong to a running build.</summary>
    private static readonly TimeSpan s_staleTemporary = TimeSpan.FromHours(1);
    private static readonly System.Buffers.SearchValues<char> s_lowercaseHexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <param name="directory">The cache directory; created on first use.</param>
    /// <param name="sizeLimit">The most bytes to keep, or null for <see cref="DefaultSizeLimit"/> of the directory.</param>
    public BlockCache(string directory, long? sizeLimit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (sizeLimit is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(sizeLimit));
        }

        Directory = Path.GetFullPath(directory);
        SizeLimit = sizeLimit ?? DefaultSizeLimit(Directory);
    }

    /// <summary>The cache directory, as a full path.</summary>
    public string Directory { get; }

    /// <summary>The most bytes the cache keeps after a build; the least recently used entries go first.</summary>
    public long SizeLimit { get; }

    /// <summary>
    /// A tenth of the size of the file system that holds <paramref name="directory"/> (or its nearest existing parent),
    /// kept between 256 MiB and 10 GiB: room for many rebuilds without crowding the disk.
    /// </summary>
    public static long DefaultSizeLimit(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var existing = Path.GetFullPath(directory);
        while (!System.IO.Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        try
        {
            return Math.Clamp(new DriveInfo(existing).TotalSize / 10, MinDefaultSizeLimit, MaxDefaultSizeLimit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return MinDefaultSizeLimit;
        }
    }

    /// <summary>Counts the entries and their bytes.</summary>
    public BlockCacheUsage GetUsage()
    {
        long entries = 0, bytes = 0;
        foreach (var file in Files())
        {
            if (!file.Temporary)
            {
                entries++;
                bytes += file.Length;
            }
        }

        return new BlockCacheUsage(entries, bytes);
    }

    /// <summary>Removes every entry. Only files the cache made are touched, whatever else the directory holds.</summary>
    public void Clear()
    {
        foreach (var file in Files())
        {
            File.Delete(file.Path);
        }

        foreach (var directory in FanOutDirectories())
        {
            DeleteIfEmpty(directory);
        }
    }

    /// <summary>
    /// Removes the least recently used entries until the cache holds at most <see cref="SizeLimit"/> bytes, and
    /// temporary files that crashed builds left behind; returns what is left. The writer calls it after a build.
    /// </summary>
    public BlockCacheUsage Trim()
    {
        var staleBefore = DateTime.UtcNow - s_staleTemporary;
        var entries = new List<CacheFile>();
        long bytes = 0;
        foreach (var file in Files())
        {
            if (!file.Temporary)
            {
                entries.Add(file);
                bytes += file.Length;
            }
            else if (file.LastWrite < staleBefore)
            {
                File.Delete(file.Path);
            }
        }

        // Oldest first; the path breaks ties so that concurrent trims pick the same victims.
        entries.Sort((a, b) => a.LastWrite != b.LastWrite ? a.LastWrite.CompareTo(b.LastWrite) : string.CompareOrdinal(a.Path, b.Path));
        var kept = entries.Count;
        for (var i = 0; i < entries.Count && bytes > SizeLimit; i++)
        {
            File.Delete(entries[i].Path);
            bytes -= entries[i].Length;
            kept--;
        }

        return new BlockCacheUsage(kept, bytes);
    }

    /// <summary>The file an entry with this key lives in: two hex digits of fan-out, then the other sixty-two.</summary>
    internal string PathOf(ReadOnlySpan<byte> key)
    {
        var hex = Convert.ToHexStringLower(key);
        return Path.Join(Directory, hex.AsSpan(0, 2), hex.AsSpan(2));
    }

    private IEnumerable<string> FanOutDirectories() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateDirectories(Directory).Where(d => IsHex(Path.GetFileName(d.AsSpan()), 2))
            : [];

    /// <summary>Entries and temporary files, and nothing else that may be in the directory.</summary>
    private IEnumerable<CacheFile> Files()
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true };
        return FanOutDirectories().SelectMany(directory => new FileSystemEnumerable<CacheFile>(
            directory,
            (ref entry) => new CacheFile(entry.ToFullPath(), entry.Length, entry.LastWriteTimeUtc.UtcDateTime, entry.FileName[0] == '.'),
            options)
        {
            ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && IsCacheFileName(entry.FileName),
        });
    }

    /// <summary>An entry's 62 hex digits, or a temporary one as <see cref="AtomicFile"/> names it.</summary>
    private static bool IsCacheFileName(ReadOnlySpan<char> name)
    {
        const int entryName = (CacheEntry.KeySize * 2) - 2;
        return IsHex(name, entryName)
            || (name.Length > entryName + 1 && name[0] == '.' && IsHex(name.Slice(1, entryName), entryName) && name.EndsWith(".tmp", StringComparison.Ordinal));
    }

    private static bool IsHex(ReadOnlySpan<char> text, int length) =>
        text.Length == length && !text.ContainsAnyExcept(s_lowercaseHexDigits);

    private static void DeleteIfEmpty(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory);
        }
        catch (IOException)
        {
            // Not empty: a concurrent build stored an entry, or the directory holds files of someone else's.
        }
    }

    private readonly record struct CacheFile(string Path, long Length, DateTime LastWrite, bool Temporary);
}
