using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace DiskImages.Verity;

/// <summary>
/// Reads data blocks in batches and hashes each as <c>SHA-256(salt || block)</c>, the blocks of a batch in parallel;
/// the digests come out in block order, so the tree is the same for any degree of parallelism.
/// </summary>
internal static class DataBlockHasher
{
    /// <summary>Blocks per batch: 1 MiB of 4 KiB blocks, enough to keep the cores busy between reads.</summary>
    private const int BatchBlocks = 256;

    /// <summary>Receives the digests of a batch starting at data block <paramref name="firstBlock"/>; false stops.</summary>
    public delegate bool DigestHandler(long firstBlock, ReadOnlySpan<byte> digests);

    public static void Hash(Stream data, long dataBlocks, int blockSize, ReadOnlySpan<byte> salt, int parallelism, DigestHandler handler, CancellationToken cancellationToken)
    {
        Debug.Assert(dataBlocks > 0 && parallelism > 0);
        var batch = new byte[BatchBlocks * blockSize];
        var digests = new byte[BatchBlocks * VerityLayout.DigestSize];
        var saltCopy = salt.ToArray();

        for (long first = 0; first < dataBlocks; first += BatchBlocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = (int)Math.Min(BatchBlocks, dataBlocks - first);
            var bytes = count * blockSize;
            var read = data.ReadAtLeast(batch.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
            if (read < bytes)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.VerityDataTruncated,
                    first * blockSize + read, dataBlocks, blockSize));
            }

            HashBatch(batch, count, blockSize, saltCopy, digests, parallelism);
            if (!handler(first, digests.AsSpan(0, count * VerityLayout.DigestSize)))
            {
                return;
            }
        }
    }

    private static void HashBatch(byte[] batch, int count, int blockSize, byte[] salt, byte[] digests, int parallelism)
    {
        var chunks = Math.Min(parallelism, count);
        if (chunks == 1)
        {
            HashRange(batch, 0, count, blockSize, salt, digests);
            return;
        }

        var perChunk = (count + chunks - 1) / chunks;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, chunk =>
        {
            var start = chunk * perChunk;
            HashRange(batch, start, Math.Min(count, start + perChunk), blockSize, salt, digests);
        });
    }

    private static void HashRange(byte[] batch, int start, int end, int blockSize, byte[] salt, byte[] digests)
    {
        // veritysetup's format 1 hashes the salt, then the block: one buffer holds both, so one call hashes them.
        var salted = new byte[salt.Length + blockSize];
        salt.CopyTo(salted, 0);
        for (var block = start; block < end; block++)
        {
            batch.AsSpan(block * blockSize, blockSize).CopyTo(salted.AsSpan(salt.Length));
            SHA256.HashData(salted, digests.AsSpan(block * VerityLayout.DigestSize, VerityLayout.DigestSize));
        }
    }
}
