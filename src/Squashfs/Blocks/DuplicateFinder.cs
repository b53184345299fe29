using System.Security.Cryptography;
using Squashfs.Tree;

namespace Squashfs.Blocks;

/// <summary>
/// Finds files whose contents equal an earlier file's, so their data is stored once. Only files that share a length
/// with another are hashed; a hash match is then confirmed by comparing the bytes.
/// </summary>
internal sealed class DuplicateFinder
{
    private readonly Dictionary<(long Length, string Hash), List<ImageFile>> _seen = [];
    private readonly Dictionary<ImageFile, string> _hashes = [];

    public DuplicateFinder(IReadOnlyList<ImageFile> files, CancellationToken cancellationToken)
    {
        var candidates = files.Where(f => f.Content.Length > 0).GroupBy(f => f.Content.Length).Where(g => g.Count() > 1).SelectMany(g => g).ToList();
        var hashes = new string[candidates.Count];
        try
        {
            Parallel.For(0, candidates.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                using var stream = candidates[i].Content.OpenChecked();
                hashes[i] = Convert.ToHexString(SHA256.HashData(stream));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            _hashes[candidates[i]] = hashes[i];
        }
    }

    /// <summary>Returns an earlier file with the same bytes, or null and remembers this one for later files.</summary>
    public ImageFile? FindOriginal(ImageFile file)
    {
        if (!_hashes.TryGetValue(file, out var hash))
        {
            return null;
        }

        var key = (file.Content.Length, hash);
        if (!_seen.TryGetValue(key, out var earlier))
        {
            _seen[key] = [file];
            return null;
        }

        foreach (var candidate in earlier)
        {
            if (SameBytes(candidate.Content, file.Content))
            {
                return candidate;
            }
        }

        earlier.Add(file);
        return null;
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
}
