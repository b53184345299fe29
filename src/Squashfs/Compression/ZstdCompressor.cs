using System.Buffers.Binary;
using System.Diagnostics;
using ZstdSharp;

namespace Squashfs.Compression;

/// <summary>zstd frames through ZstdSharp, as mksquashfs's zstd wrapper: one frame per block at the configured level.</summary>
internal sealed class ZstdCompressor : ISquashfsCompressor
{
    public const int MaxLevel = 22;

    private const int OptionsSize = 4;

    private readonly int _level;

    // Created on first use: a reader only decompresses, a writer mostly compresses.
    private Compressor? _compressor;
    private Decompressor? _decompressor;

    public ZstdCompressor(int level)
    {
        Debug.Assert(level is >= 1 and <= MaxLevel);
        _level = level;
    }

    public SquashfsCompressorId Id => SquashfsCompressorId.Zstd;

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
            throw new InvalidDataException(string.Format(Strings.CompressorOptionsSize, "zstd", options.Length, OptionsSize));
        }

        uint level = BinaryPrimitives.ReadUInt32LittleEndian(options);
        return level is >= 1 and <= MaxLevel ? new ZstdCompressor((int)level)
            : throw new InvalidDataException(string.Format(Strings.CompressorOptionsBadValue, "zstd", "compression level", level));
    }

    public int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int limit = Math.Min(output.Length, input.Length - 1);
        if (limit <= 0)
        {
            return 0;
        }

        _compressor ??= new Compressor(_level);
        return _compressor.TryWrap(input, output[..limit], out int written) ? written : 0;
    }

    public int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        // zstd reads empty input as zero frames; a squashfs block always holds one.
        if (input.IsEmpty)
        {
            throw new InvalidDataException(string.Format(Strings.BlockCorrupt, "zstd", output.Length, "it is empty"));
        }

        _decompressor ??= new Decompressor();
        try
        {
            if (_decompressor.TryUnwrap(input, output, out int written))
            {
                return written;
            }
        }
        catch (ZstdException exception)
        {
            throw new InvalidDataException(string.Format(Strings.BlockCorrupt, "zstd", output.Length, exception.Message), exception);
        }

        throw new InvalidDataException(string.Format(Strings.BlockCorrupt, "zstd", output.Length, "it decompresses to more bytes"));
    }

    public ISquashfsCompressor Clone() => new ZstdCompressor(_level);

    public ISquashfsCompressor ForMetadata() => Clone();
}
