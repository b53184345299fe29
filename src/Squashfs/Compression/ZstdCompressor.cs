using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Squashfs.Compression;

/// <summary>zstd frames through libzstd, as mksquashfs's zstd wrapper: one frame per block at the configured level.</summary>
internal sealed unsafe class ZstdCompressor : ISquashfsCompressor
{
    public const int MaxLevel = 22;

    private const int OptionsSize = 4;

    private readonly int _level;

    // Created on first use (a reader only decompresses, a writer mostly compresses); once disposed, a call fails with
    // ObjectDisposedException rather than reaching libzstd.
    private LibZstd.CompressionContext? _compressor;
    private LibZstd.DecompressionContext? _decompressor;

    public ZstdCompressor(int level)
    {
        Debug.Assert(level is >= 1 and <= MaxLevel);
        LibZstd.EnsureLoaded();
        _level = level;
    }

    public SquashfsCompressorId Id => SquashfsCompressorId.Zstd;

    public string CacheIdentity => $"zstd level={_level} libzstd={LibZstd.Version}";

    public byte[]? OptionsBlock
    {
        get
        {
            if (_level == CompressionSettings.ZstdDefaultLevel)
            {
                return null;
            }

            var block = new byte[OptionsSize];
            BinaryPrimitives.WriteUInt32LittleEndian(block, (uint)_level);
            return block;
        }
    }

    /// <summary>Reads the options block of an image, checking it as unsquashfs does.</summary>
    public static ZstdCompressor FromOptions(ReadOnlySpan<byte> options)
    {
        if (options.IsEmpty)
        {
            return new ZstdCompressor(CompressionSettings.ZstdDefaultLevel);
        }

        if (options.Length != OptionsSize)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsSize, "zstd", options.Length, OptionsSize));
        }

        uint level = BinaryPrimitives.ReadUInt32LittleEndian(options);
        return level is >= 1 and <= MaxLevel ? new ZstdCompressor((int)level)
            : throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsBadValue, "zstd", "compression level", level));
    }

    public int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int limit = Math.Min(output.Length, input.Length - 1);
        if (limit <= 0)
        {
            return 0;
        }

        _compressor ??= Created(LibZstd.CreateCompressionContext(), "ZSTD_createCCtx");
        nuint result;
        fixed (byte* source = input)
        fixed (byte* target = output)
        {
            result = LibZstd.Compress(_compressor, target, (nuint)limit, source, (nuint)input.Length, _level);
        }

        if (LibZstd.IsError(result) == 0)
        {
            return (int)result;
        }

        return LibZstd.GetErrorCode(result) == LibZstd.ErrorDestinationTooSmall ? 0
            : throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Strings.CompressionFailed, "zstd", "ZSTD_compressCCtx", LibZstd.ErrorName(result)));
    }

    public int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        // zstd reads empty input as zero frames; a squashfs block always holds one.
        if (input.IsEmpty)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BlockCorrupt, "zstd", output.Length, "it is empty"));
        }

        _decompressor ??= Created(LibZstd.CreateDecompressionContext(), "ZSTD_createDCtx");
        nuint result;
        fixed (byte* source = input)
        fixed (byte* target = output)
        {
            result = LibZstd.Decompress(_decompressor, target, (nuint)output.Length, source, (nuint)input.Length);
        }

        if (LibZstd.IsError(result) == 0)
        {
            return (int)result;
        }

        string reason = LibZstd.GetErrorCode(result) == LibZstd.ErrorDestinationTooSmall ? "it decompresses to more bytes" : LibZstd.ErrorName(result);
        throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BlockCorrupt, "zstd", output.Length, reason));
    }

    public ISquashfsCompressor Clone() => new ZstdCompressor(_level);

    public ISquashfsCompressor ForMetadata() => Clone();

    public void Dispose()
    {
        _compressor?.Dispose();
        _decompressor?.Dispose();
    }

    /// <summary>libzstd returns no context only when it cannot allocate one.</summary>
    private static T Created<T>(T context, string function)
        where T : SafeHandle
        => context.IsInvalid ? throw new InsufficientMemoryException(string.Format(CultureInfo.InvariantCulture, Strings.CompressionFailed, "zstd", function, "no memory")) : context;
}
