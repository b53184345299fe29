using System.Buffers;
using System.Collections.Concurrent;
using Squashfs.Compression;
using Squashfs.Format;

namespace Squashfs.Blocks;

/// <summary>
/// Compresses data and fragment blocks on all cores and writes them in submission order, so the image is the same
/// for any number of workers. At most <c>maxInFlight</c> blocks are held at once: memory is bounded by that, not by
/// the input. Completion callbacks run on the submitting thread, in order.
/// </summary>
internal sealed class BlockProcessor : IDisposable
{
    private readonly Stream _output;
    private readonly ConcurrentBag<ISquashfsCompressor> _compressors = [];
    private readonly ISquashfsCompressor _prototype;
    private readonly Queue<(Task<CompressedBlock> Task, Action<long, uint> OnWritten)> _inFlight = new();
    private readonly int _maxInFlight;
    private readonly int _blockSize;
    private readonly bool _compress;

    public BlockProcessor(Stream output, ISquashfsCompressor prototype, int blockSize, int workers, bool compress)
    {
        _output = output;
        _prototype = prototype;
        _blockSize = blockSize;
        _compress = compress;
        _maxInFlight = Math.Max(2, (workers * 2) + 1);
    }

    /// <summary>Bytes written to the output by this processor.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>
    /// Queues a block. <paramref name="buffer"/> is rented from <see cref="ArrayPool{T}.Shared"/> and returned by the
    /// processor. <paramref name="onWritten"/> gets the block's position in the output and its size field (compressed
    /// size, or the size with <see cref="Inode.BlockUncompressedBit"/>; 0 for a sparse block that was not written).
    /// </summary>
    public void Submit(byte[] buffer, int length, bool detectSparse, Action<long, uint> onWritten, CancellationToken cancellationToken)
    {
        while (_inFlight.Count >= _maxInFlight)
        {
            WriteOldest();
        }

        var task = Task.Run(() => Compress(buffer, length, detectSparse), cancellationToken);
        _inFlight.Enqueue((task, onWritten));
    }

    /// <summary>Waits for every queued block and writes it.</summary>
    public void Drain()
    {
        while (_inFlight.Count > 0)
        {
            WriteOldest();
        }
    }

    public void Dispose()
    {
        // On failure, let the workers finish and give their buffers back; their results are not written.
        while (_inFlight.TryDequeue(out var item))
        {
            try
            {
                item.Task.Wait();
                item.Task.Result.Release();
            }
            catch (AggregateException)
            {
            }
        }
    }

    private void WriteOldest()
    {
        var (task, onWritten) = _inFlight.Dequeue();
        var block = task.GetAwaiter().GetResult();
        try
        {
            var position = _output.Position;
            if (!block.IsSparse)
            {
                _output.Write(block.Data, 0, block.Length);
                BytesWritten += block.Length;
            }

            onWritten(position, block.SizeField);
        }
        finally
        {
            block.Release();
        }
    }

    private CompressedBlock Compress(byte[] input, int length, bool detectSparse)
    {
        if (detectSparse && !input.AsSpan(0, length).ContainsAnyExcept((byte)0))
        {
            ArrayPool<byte>.Shared.Return(input);
            return CompressedBlock.Sparse;
        }

        if (!_compress)
        {
            return new CompressedBlock(input, length, (uint)length | Inode.BlockUncompressedBit);
        }

        var compressor = _compressors.TryTake(out var c) ? c : _prototype.Clone();
        try
        {
            var output = ArrayPool<byte>.Shared.Rent(_blockSize);
            var size = compressor.Compress(input.AsSpan(0, length), output.AsSpan(0, length));
            if (size > 0)
            {
                ArrayPool<byte>.Shared.Return(input);
                return new CompressedBlock(output, size, (uint)size);
            }

            ArrayPool<byte>.Shared.Return(output);
            return new CompressedBlock(input, length, (uint)length | Inode.BlockUncompressedBit);
        }
        finally
        {
            _compressors.Add(compressor);
        }
    }

    private sealed record CompressedBlock(byte[] Data, int Length, uint SizeField)
    {
        public static readonly CompressedBlock Sparse = new([], 0, 0);

        public bool IsSparse => SizeField == 0;

        public void Release()
        {
            if (Data.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(Data);
            }
        }
    }
}
