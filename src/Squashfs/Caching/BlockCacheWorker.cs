using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Squashfs.Caching;

/// <summary>
/// A compressor thread's view of the cache: hashes each block (on the worker, so hashing runs as parallel as
/// compressing), looks it up, and stores what the compressor made of it. Not thread safe: one per worker.
/// </summary>
internal sealed class BlockCacheWorker(BlockCacheSession session, int blockSize) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _key = new byte[CacheEntry.KeySize];
    private readonly byte[] _entry = new byte[CacheEntry.MaxSize(blockSize)];
    private string _path = "";

    /// <summary>Computes the key of <paramref name="input"/>; the calls after it load or store under that key.</summary>
    public void Hash(ReadOnlySpan<byte> input)
    {
        _hash.AppendData(session.Identity);
        _hash.AppendData(input);
        _hash.GetHashAndReset(_key);
        _path = session.Cache.PathOf(_key);
    }

    /// <summary>
    /// Copies the cached compressed block for an input of <paramref name="inputLength"/> bytes into
    /// <paramref name="output"/> and returns its length, 0 for a block stored uncompressed, or null on a miss (no entry,
    /// or one that is damaged or does not fit: it is then compressed again and replaced).
    /// </summary>
    public int? TryLoad(int inputLength, Span<byte> output)
    {
        int length;
        try
        {
            using var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read);
            if (RandomAccess.GetLength(handle) > _entry.Length)
            {
                return null;
            }

            length = RandomAccess.Read(handle, _entry, 0);
            Touch(handle);
        }
        catch (Exception e) when (BlockCacheSession.IsStorageFailure(e))
        {
            return null;
        }

        // A compressed block is always shorter than its input: the compressors' own contract.
        if (!CacheEntry.TryRead(_entry.AsSpan(0, length), _key, out var payload, out var uncompressed) || payload.Length >= inputLength)
        {
            return null;
        }

        payload.CopyTo(output);
        session.Hit();
        return uncompressed ? 0 : payload.Length;
    }

    /// <summary>Stores the compressor's result for the hashed input: <paramref name="compressed"/>, or empty when it did not shrink.</summary>
    public void Store(ReadOnlySpan<byte> compressed)
    {
        if (session.StoresFailed)
        {
            return;
        }

        var length = CacheEntry.Write(_entry, _key, compressed, uncompressed: compressed.IsEmpty);
        try
        {
            try
            {
                WriteEntry(length);
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
            {
                // The first entry in its fan-out directory (or a cache cleared meanwhile): asked for only then, since
                // a mkdir for every entry showed in the cost of a cold build. Creating a new file fails so only for a
                // missing directory; .NET calls it FileNotFound when another worker made the directory meanwhile.
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                WriteEntry(length);
            }

            session.Stored(BlockCache.FanOutOf(_key));
        }
        catch (Exception e) when (BlockCacheSession.IsStorageFailure(e))
        {
            session.Failed(e);
        }
    }

    public void Dispose() => _hash.Dispose();

    private void WriteEntry(int length) => AtomicFile.Write(_path, temporary =>
    {
        using var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write);
        RandomAccess.Write(handle, _entry.AsSpan(0, length), 0);
    });

    /// <summary>Marks the entry as used now, which is what eviction goes by; a cache shared read-only may refuse.</summary>
    private static void Touch(SafeFileHandle handle)
    {
        try
        {
            File.SetLastWriteTimeUtc(handle, DateTime.UtcNow);
        }
        catch (Exception e) when (BlockCacheSession.IsStorageFailure(e))
        {
            // Eviction then sees the entry as older than it is; the hit itself is good.
        }
    }
}
