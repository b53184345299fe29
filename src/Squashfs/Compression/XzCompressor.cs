using System.Buffers.Binary;
using System.Diagnostics;

namespace Squashfs.Compression;

/// <summary>
/// xz (LZMA2 in an .xz stream) through liblzma, as mksquashfs's xz wrapper: preset 6, CRC32 check, the configured
/// dictionary, and each -Xbcj filter tried in turn after no filter at all, keeping the smallest result.
/// </summary>
internal sealed unsafe class XzCompressor : ISquashfsCompressor
{
    public const int MinDictionarySize = 8192;

    private const int OptionsSize = 8;
    private const uint Preset = 6;

    // mksquashfs compresses metadata with an 8K dictionary and no filter; unsquashfs allows 32M to decode.
    private const int MetadataDictionarySize = 8192;
    private const ulong MemoryLimit = 32 * 1024 * 1024;

    private static readonly (XzFilters Flag, ulong Id)[] s_filterIds =
    [
        (XzFilters.X86, LibLzma.FilterX86),
        (XzFilters.PowerPC, LibLzma.FilterPowerPC),
        (XzFilters.IA64, LibLzma.FilterIA64),
        (XzFilters.Arm, LibLzma.FilterArm),
        (XzFilters.ArmThumb, LibLzma.FilterArmThumb),
        (XzFilters.Sparc, LibLzma.FilterSparc),
    ];

    private readonly int _blockSize;
    private readonly int _dictionarySize;
    private readonly XzFilters _filters;
    private readonly bool _forMetadata;
    private byte[]? _candidate;
    private LzmaBufferCache? _buffers;

    public XzCompressor(int blockSize, int dictionarySize, XzFilters filters)
        : this(blockSize, dictionarySize, filters, forMetadata: false)
    {
    }

    private XzCompressor(int blockSize, int dictionarySize, XzFilters filters, bool forMetadata)
    {
        Debug.Assert(BlockSize.IsValid(blockSize));
        Debug.Assert(IsStorableDictionarySize(dictionarySize));
        Debug.Assert((filters & ~XzFilters.All) == 0);
        LibLzma.EnsureLoaded("xz");

        (_blockSize, _dictionarySize, _filters, _forMetadata) = (blockSize, dictionarySize, filters, forMetadata);
    }

    public SquashfsCompressorId Id => SquashfsCompressorId.Xz;

    public string CacheIdentity => $"xz preset={Preset} dict={_dictionarySize} bcj={(uint)_filters} metadata={_forMetadata} liblzma={LibLzma.Version}";

    public byte[]? OptionsBlock
    {
        get
        {
            if (_dictionarySize == _blockSize && _filters == XzFilters.None)
            {
                return null;
            }

            var block = new byte[OptionsSize];
            BinaryPrimitives.WriteInt32LittleEndian(block, _dictionarySize);
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), (uint)_filters);
            return block;
        }
    }

    /// <summary>True for the sizes an xz header stores exactly, 2^n or 2^n + 2^(n+1) (mksquashfs's rule).</summary>
    public static bool IsStorableDictionarySize(int size)
    {
        if (size <= 0)
        {
            return false;
        }

        int lowest = size & -size;
        return size == lowest || size == lowest * 3;
    }

    /// <summary>Reads the options block of an image, checking it as unsquashfs does.</summary>
    public static XzCompressor FromOptions(ReadOnlySpan<byte> options, int blockSize)
    {
        if (options.IsEmpty)
        {
            return new XzCompressor(blockSize, blockSize, XzFilters.None);
        }

        if (options.Length != OptionsSize)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsSize, "xz", options.Length, OptionsSize));
        }

        int dictionarySize = BinaryPrimitives.ReadInt32LittleEndian(options);
        if (!IsStorableDictionarySize(dictionarySize))
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsBadValue, "xz", "dictionary size", dictionarySize));
        }

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(options[4..]);
        if ((flags & ~(uint)XzFilters.All) != 0)
        {
            throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsUnsupportedFlags, "xz", "filters", flags & ~(uint)XzFilters.All));
        }

        return new XzCompressor(blockSize, dictionarySize, (XzFilters)flags);
    }

    public int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        // Anything as long as the input is no gain, so the output is capped one byte short of it.
        int limit = Math.Min(output.Length, input.Length - 1);
        if (limit <= 0)
        {
            return 0;
        }

        int bestLength = Encode(input, output[..limit], filterId: null);
        if (_forMetadata || _filters == XzFilters.None)
        {
            return bestLength;
        }

        // As mksquashfs: try each selected filter in table order and keep a result only if strictly smaller.
        _candidate ??= new byte[_blockSize];
        foreach ((XzFilters flag, ulong id) in s_filterIds)
        {
            if ((_filters & flag) == 0)
            {
                continue;
            }

            Span<byte> candidate = _candidate.AsSpan(0, Math.Min(limit, _candidate.Length));
            int length = Encode(input, candidate, id);
            if (length != 0 && (bestLength == 0 || length < bestLength))
            {
                candidate[..length].CopyTo(output);
                bestLength = length;
            }
        }

        return bestLength;
    }

    public int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ulong memoryLimit = MemoryLimit;
        nuint inputPosition = 0;
        nuint outputPosition = 0;
        int result;
        fixed (byte* source = input)
        fixed (byte* target = output)
        {
            _buffers ??= new LzmaBufferCache();
            result = LibLzma.StreamBufferDecode(&memoryLimit, 0, _buffers.Allocator, source, &inputPosition, (nuint)input.Length, target, &outputPosition, (nuint)output.Length);
            GC.KeepAlive(_buffers);
        }

        if (result != LibLzma.Ok || inputPosition != (nuint)input.Length)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BlockCorrupt, "xz", output.Length, "liblzma error " + result));
        }

        return (int)outputPosition;
    }

    public ISquashfsCompressor Clone() => new XzCompressor(_blockSize, _dictionarySize, _filters, _forMetadata);

    public ISquashfsCompressor ForMetadata() => new XzCompressor(_blockSize, _dictionarySize, _filters, forMetadata: true);

    public void Dispose() => _buffers?.Dispose();

    /// <summary>Encodes with LZMA2, after the BCJ filter <paramref name="filterId"/> if given; 0 when it does not fit.</summary>
    private int Encode(ReadOnlySpan<byte> input, Span<byte> output, ulong? filterId)
    {
        LibLzma.OptionsLzma options = default;
        if (LibLzma.LzmaPreset(&options, Preset))
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Strings.CompressionFailed, "xz", "lzma_lzma_preset", 1));
        }

        options.DictionarySize = (uint)(_forMetadata ? MetadataDictionarySize : _dictionarySize);

        LibLzma.Filter* chain = stackalloc LibLzma.Filter[3];
        int next = 0;
        if (filterId is { } id)
        {
            chain[next++] = new LibLzma.Filter { Id = id };
        }

        chain[next++] = new LibLzma.Filter { Id = LibLzma.FilterLzma2, Options = &options };
        chain[next] = new LibLzma.Filter { Id = LibLzma.FilterChainEnd };

        nuint written = 0;
        int result;
        fixed (byte* source = input)
        fixed (byte* target = output)
        {
            _buffers ??= new LzmaBufferCache();
            result = LibLzma.StreamBufferEncode(chain, LibLzma.CheckCrc32, _buffers.Allocator, source, (nuint)input.Length, target, &written, (nuint)output.Length);
            GC.KeepAlive(_buffers);
        }

        return result switch
        {
            LibLzma.Ok => (int)written,
            LibLzma.BufError => 0,
            _ => throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Strings.CompressionFailed, "xz", "lzma_stream_buffer_encode", result)),
        };
    }
}
