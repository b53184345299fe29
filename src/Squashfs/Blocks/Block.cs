using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Squashfs.Caching;
using Squashfs.Compression;
using Squashfs.Format;

namespace Squashfs.Blocks;

/// <summary>
/// One of <see cref="BlockProcessor"/>'s buffers on its round: the caller fills <see cref="Data"/>, a worker
/// compresses it, the caller writes it and hands the buffer out again.
/// </summary>
internal sealed class Block(int blockSize) : IDisposable
{
    private readonly ManualResetEventSlim _compressed = new();
    private ExceptionDispatchInfo? _failure;
    private bool _detectSparse;

    /// <summary>The bytes: the input while filling, then what goes into the image. Its array can change when compressed.</summary>
    public byte[] Data { get; private set; } = new byte[blockSize];

    /// <summary>Bytes used in <see cref="Data"/>: the input's, then the stored block's.</summary>
    public int Length { get; private set; }

    /// <summary>The size field of the block list or fragment table: compressed size, or the size with the uncompressed bit; 0 for a sparse block.</summary>
    public uint SizeField { get; private set; }

    public Action<long, uint> OnWritten { get; private set; } = static (_, _) => { };

    public bool IsSparse => SizeField == 0;

    /// <summary>Called by the caller when the block is filled with <paramref name="length"/> bytes.</summary>
    public void Submitted(int length, bool detectSparse, Action<long, uint> onWritten)
    {
        Debug.Assert(length > 0 && length <= Data.Length);
        (Length, _detectSparse, OnWritten, _failure) = (length, detectSparse, onWritten, null);
        _compressed.Reset();
    }

    /// <summary>
    /// Called on a worker: compresses the block using <paramref name="spare"/> as the output, or takes the compressed
    /// bytes from <paramref name="cache"/>, and returns the array that is now spare (the input's, when the compressed
    /// bytes are kept). A failure is kept for the caller.
    /// </summary>
    public byte[] Compress(ISquashfsCompressor compressor, BlockCacheWorker? cache, byte[] spare)
    {
        try
        {
            var input = Data.AsSpan(0, Length);
            if (_detectSparse && !input.ContainsAnyExcept((byte)0))
            {
                SizeField = 0;
                return spare;
            }

            cache?.Hash(input);
            if (cache?.TryLoad(Length, spare) is not { } size)
            {
                size = compressor.Compress(input, spare.AsSpan(0, Length));
                cache?.Store(spare.AsSpan(0, size));
            }

            if (size == 0)
            {
                SizeField = (uint)Length | Inode.BlockUncompressedBit;
                return spare;
            }

            (Data, spare) = (spare, Data);
            (Length, SizeField) = (size, (uint)size);
            return spare;
        }
        catch (Exception e)
        {
            // Carried to the caller's thread, which rethrows it when it comes to write this block.
            _failure = ExceptionDispatchInfo.Capture(e);
            return spare;
        }
        finally
        {
            _compressed.Set();
        }
    }

    /// <summary>Waits until a worker has compressed the block; rethrows the worker's exception.</summary>
    public void WaitCompressed()
    {
        _compressed.Wait();
        _failure?.Throw();
    }

    public void Dispose() => _compressed.Dispose();
}
