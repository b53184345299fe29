using Squashfs.Tree;

namespace Squashfs.Blocks;

/// <summary>
/// Finds files whose contents equal an earlier file's, so their data is stored once. Only files that share a length
/// with another are hashed; a hash match is then confirmed by comparing the bytes. Files the writer holds in memory
/// anyway (those that fit in a fragment) are hashed from there; the others are hashed up front.
/// </summary>
/// <remarks>
/// The hash only picks candidates, so it need not resist collisions: <see cref="HashCode"/> (per-process seed) is fast
/// and spares loading OpenSSL (5 MiB of the process) for a cryptographic one.
/// </remarks>
internal sealed class DuplicateFinder
{
    private readonly HashSet<long> _sharedLengths;
    private readonly Dictionary<ImageFile, int> _hashes = [];
    private readonly Dictionary<(long Length, int Hash), ImageFile> _first;

    // Files whose hash matches an earlier file's but whose bytes do not: practically never.
    private readonly Dictionary<(long Length, int Hash), List<ImageFile>> _others = [];

    public DuplicateFinder(IReadOnlyList<ImageFile> files, Func<ImageFile, bool> isHashedFromMemory, CancellationToken cancellationToken)
    {
        _sharedLengths = files.Where(f => f.Content.Length > 0).CountBy(f => f.Content.Length).Where(g => g.Value > 1).Select(g => g.Key).ToHashSet();
        _first = new(files.Count(IsCandidate));

        // On this thread, one file after another: a thread pool would add threads, and memory, the more files there are,
        // for work that reading from the page cache and hashing finish at gigabytes a second anyway.
        foreach (var file in files.Where(f => IsCandidate(f) && !isHashedFromMemory(f)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            _hashes[file] = Hash(file.Content);
        }
    }

    /// <summary>True when another file has the same length, so this one may be a duplicate.</summary>
    public bool IsCandidate(ImageFile file) => _sharedLengths.Contains(file.Content.Length);

    /// <summary>For a file hashed up front: an earlier file with the same bytes, or null (and this one is remembered).</summary>
    public ImageFile? FindOriginal(ImageFile file) => _hashes.TryGetValue(file, out var hash) ? Find(file, hash, data: default) : null;

    /// <summary>For a candidate whose bytes are <paramref name="data"/>: an earlier file with the same bytes, or null (and this one is remembered).</summary>
    public ImageFile? FindOriginal(ImageFile file, ReadOnlySpan<byte> data)
    {
        var hash = new HashCode();
        hash.AddBytes(data);
        return Find(file, hash.ToHashCode(), data);
    }

    /// <summary>Compares with <paramref name="data"/>, or with the file's content when it is empty (candidates never are).</summary>
    private ImageFile? Find(ImageFile file, int hash, ReadOnlySpan<byte> data)
    {
        var key = (file.Content.Length, hash);
        if (_first.TryAdd(key, file))
        {
            return null;
        }

        if (SameBytes(_first[key], file, data))
        {
            return _first[key];
        }

        if (!_others.TryGetValue(key, out var others))
        {
            _others[key] = others = [];
        }

        foreach (var candidate in others)
        {
            if (SameBytes(candidate, file, data))
            {
                return candidate;
            }
        }

        others.Add(file);
        return null;
    }

    private static bool SameBytes(ImageFile earlier, ImageFile file, ReadOnlySpan<byte> data) =>
        data.IsEmpty ? SameBytes(earlier.Content, file.Content) : SameBytes(earlier.Content, data);

    private static int Hash(FileContent content)
    {
        using var stream = content.OpenChecked();
        var buffer = new byte[64 * 1024];
        var hash = new HashCode();
        int read;
        while ((read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            hash.AddBytes(buffer.AsSpan(0, read));
        }

        return hash.ToHashCode();
    }

    private static bool SameBytes(FileContent a, FileContent b)
    {
        using var sa = a.OpenChecked();
        using var sb = b.OpenChecked();
        var ba = new byte[64 * 1024];
        var bb = new byte[64 * 1024];
        while (true)
        {
            var na = sa.ReadAtLeast(ba, ba.Length, throwOnEndOfStream: false);
            var nb = sb.ReadAtLeast(bb, bb.Length, throwOnEndOfStream: false);
            if (na != nb || !ba.AsSpan(0, na).SequenceEqual(bb.AsSpan(0, nb)))
            {
                return false;
            }

            if (na == 0)
            {
                return true;
            }
        }
    }

    private static bool SameBytes(FileContent a, ReadOnlySpan<byte> b)
    {
        using var stream = a.OpenChecked();
        var buffer = new byte[Math.Min(b.Length + 1, 64 * 1024)];
        while (true)
        {
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (n > b.Length || !buffer.AsSpan(0, n).SequenceEqual(b[..n]))
            {
                return false;
            }

            if (n == 0)
            {
                return b.IsEmpty;
            }

            b = b[n..];
        }
    }
}
