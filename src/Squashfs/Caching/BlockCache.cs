using System.IO.Enumeration;

namespace Squashfs.Caching;

/// <summary>
/// A directory of compressed data and fragment blocks, keyed by the SHA-256 of the uncompressed block and everything
/// that decides its compressed form (codec, options, block size, codec library version). Set it as
/// <see cref="SquashfsWriterOptions.BlockCache"/> and a rebuild compresses only the blocks it has not seen; the image
/// is byte for byte the one written without a cache.
/// </summary>
/// <remarks>
/// Each entry is a file <c>DIR/a/bcdef…</c> named by its key, written to a temporary file and renamed, and checked
/// (key, length, checksum) when read, so builds in several processes can share a directory without locks, and a
/// damaged entry is compressed again rather than used. A cache that cannot be written does not fail a build: the
/// writer reports it through <see cref="SquashfsWriterOptions.Warning"/> and goes on without it. After a build that
/// added entries, the least recently used ones (by modification time, renewed on every hit) are removed from the
/// fan-out directories it added to until each fits its share of <see cref="SizeLimit"/> (see <see cref="Trim()"/>).
/// An instance holds no state beyond its settings and can be shared.
/// </remarks>
public sealed class BlockCache
{
    private const long MinDefaultSizeLimit = 256L << 20;
    private const long MaxDefaultSizeLimit = 10L << 30;
    private const int FanOutDigits = 1;
    private const int FanOutCount = 16;
    private const string HexDigits = "0123456789abcdef";

    /// <summary>A temporary file this old was left by a build that died; younger ones may belong to a running build.</summary>
    private static readonly TimeSpan s_staleTemporary = TimeSpan.FromHours(1);
    private static readonly System.Buffers.SearchValues<char> s_lowercaseHexDigits = System.Buffers.SearchValues.Create(HexDigits);

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
    /// Removes the least recently used entries until each fan-out directory holds at most a sixteenth of
    /// <see cref="SizeLimit"/> (so the cache as a whole at most <see cref="SizeLimit"/>), and temporary files that
    /// crashed builds left behind; returns what is left.
    /// </summary>
    /// <remarks>
    /// The writer trims only the directories a build stored into, so that a rebuild into a full cache reads a
    /// sixteenth of it, not all of it (20,000 entries took 80 ms to list, most of a gzip rebuild). Keys spread
    /// evenly over the directories, so which entries go is close to a least-recently-used order over the whole cache.
    /// </remarks>
    public BlockCacheUsage Trim()
    {
        long entries = 0, bytes = 0;
        for (var fanOut = 0; fanOut < FanOutCount; fanOut++)
        {
            var (kept, keptBytes) = Trim(fanOut);
            (entries, bytes) = (entries + kept, bytes + keptBytes);
        }

        return new BlockCacheUsage(entries, bytes);
    }

    /// <summary>Trims one fan-out directory to its share of <see cref="SizeLimit"/>; see <see cref="Trim()"/>.</summary>
    internal BlockCacheUsage Trim(int fanOut)
    {
        var directory = FanOutDirectory(fanOut);
        if (!System.IO.Directory.Exists(directory))
        {
            return default;
        }

        var limit = SizeLimit / FanOutCount;
        var staleBefore = DateTime.UtcNow - s_staleTemporary;
        var entries = new List<CacheFile>();
        long bytes = 0;
        foreach (var file in Files(directory))
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
        for (var i = 0; i < entries.Count && bytes > limit; i++)
        {
            File.Delete(entries[i].Path);
            bytes -= entries[i].Length;
            kept--;
        }

        return new BlockCacheUsage(kept, bytes);
    }

    /// <summary>The fan-out directory (0 to 15) an entry with this key lives in.</summary>
    internal static int FanOutOf(ReadOnlySpan<byte> key) => key[0] >> 4;

    /// <summary>
    /// The file an entry with this key lives in: one hex digit of fan-out, then the other sixty-three. Sixteen
    /// directories keep each one small enough (a full 10 GiB cache holds some 1,500 entries apiece with 1 MiB blocks,
    /// 13,000 with 128 KiB ones) while a first build into an empty cache makes few of them: on ext4 a new directory
    /// costs about as much as a new entry.
    /// </summary>
    internal string PathOf(ReadOnlySpan<byte> key)
    {
        var hex = Convert.ToHexStringLower(key);
        return Path.Join(Directory, hex.AsSpan(0, FanOutDigits), hex.AsSpan(FanOutDigits));
    }

    private string FanOutDirectory(int fanOut) => Path.Join(Directory, HexDigits.AsSpan(fanOut, 1));

    private IEnumerable<string> FanOutDirectories() =>
        Enumerable.Range(0, FanOutCount).Select(FanOutDirectory).Where(System.IO.Directory.Exists);

    /// <summary>Entries and temporary files in every fan-out directory.</summary>
    private IEnumerable<CacheFile> Files() => FanOutDirectories().SelectMany(Files);

    /// <summary>Entries and temporary files in one fan-out directory, and nothing else that may be in it.</summary>
    private static IEnumerable<CacheFile> Files(string directory) =>
        new FileSystemEnumerable<CacheFile>(
            directory,
            (ref entry) => new CacheFile(entry.ToFullPath(), entry.Length, entry.LastWriteTimeUtc.UtcDateTime, entry.FileName[0] == '.'),
            new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true })
        {
            ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && IsCacheFileName(entry.FileName),
        };

    /// <summary>An entry's 63 hex digits (the key without its fan-out digit), or a temporary one as <see cref="AtomicFile"/> names it.</summary>
    private static bool IsCacheFileName(ReadOnlySpan<char> name)
    {
        const int entryName = (CacheEntry.KeySize * 2) - FanOutDigits;
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
