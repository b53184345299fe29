using System.Text;
using Squashfs.Compression;

namespace Squashfs.Caching;

/// <summary>
/// One build's use of a <see cref="BlockCache"/>: the compressor identity that goes into every key, the counts, and
/// the first failure to store, after which the build stops storing (it still reads what it can).
/// </summary>
internal sealed class BlockCacheSession
{
    private readonly int _blockSize;
    private Exception? _failure;
    private long _hits;
    /// <summary>A bit per fan-out directory this build stored an entry in: only those are trimmed.</summary>
    private int _storedFanOuts;

    private BlockCacheSession(BlockCache cache, ISquashfsCompressor compressor, int blockSize)
    {
        Cache = cache;
        _blockSize = blockSize;
        Identity = Encoding.UTF8.GetBytes($"squashfs block {blockSize}\n{compressor.CacheIdentity}\n");
    }

    public BlockCache Cache { get; }

    /// <summary>Hashed ahead of each block, so that only the same block compressed the same way matches.</summary>
    public byte[] Identity { get; }

    public bool StoresFailed => Volatile.Read(ref _failure) is not null;

    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Creates the cache directory; when that fails, the session starts with the failure, storing nothing.</summary>
    public static BlockCacheSession Open(BlockCache cache, ISquashfsCompressor compressor, int blockSize)
    {
        var session = new BlockCacheSession(cache, compressor, blockSize);
        try
        {
            Directory.CreateDirectory(cache.Directory);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            session.Failed(e);
        }

        return session;
    }

    /// <summary>A failure the build survives: the cache's file system refused a read or a write.</summary>
    public static bool IsStorageFailure(Exception e) => e is IOException or UnauthorizedAccessException;

    public BlockCacheWorker CreateWorker() => new(this, _blockSize);

    public void Hit() => Interlocked.Increment(ref _hits);

    public void Stored(int fanOut) => Interlocked.Or(ref _storedFanOuts, 1 << fanOut);

    /// <summary>Keeps the first failure to store; the ones after it say nothing new.</summary>
    public void Failed(Exception e) => Interlocked.CompareExchange(ref _failure, e, null);

    /// <summary>
    /// Called on the writer's thread when all blocks are written: trims the fan-out directories this build added to, and
    /// reports at most one warning, for the first failure to store or to trim.
    /// </summary>
    public void Finish(Action<string>? warning)
    {
        var storedFanOuts = Volatile.Read(ref _storedFanOuts);
        if (_failure is null && storedFanOuts != 0)
        {
            try
            {
                for (var fanOut = 0; storedFanOuts >> fanOut != 0; fanOut++)
                {
                    if ((storedFanOuts & (1 << fanOut)) != 0)
                    {
                        Cache.Trim(fanOut);
                    }
                }
            }
            catch (Exception e) when (IsStorageFailure(e))
            {
                Failed(e);
            }
        }

        if (_failure is { } failure)
        {
            warning?.Invoke(string.Format(CultureInfo.InvariantCulture, Strings.BlockCacheUnusable, Cache.Directory, failure.Message));
        }
    }
}
