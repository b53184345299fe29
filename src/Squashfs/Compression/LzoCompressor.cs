using System.Buffers.Binary;
using System.Diagnostics;

namespace Squashfs.Compression;

/// <summary>
/// lzo (LZO1X) through liblzo2, as mksquashfs's lzo wrapper: the chosen lzo1x algorithm (lzo1x_999 at a level by
/// default), then lzo1x_optimize over the result. liblzo2 is loaded only when an lzo compressor is created.
/// </summary>
internal sealed unsafe class LzoCompressor : ISquashfsCompressor
{
    private const int OptionsSize = 8;

    private readonly LzoAlgorithm _algorithm;
    private readonly int _level;
    private byte[]? _workMemory;
    private byte[]? _compressed;
    private byte[]? _original;

    /// <param name="level">1 to 9 for lzo1x_999; 0 for the other algorithms, which take no level.</param>
    public LzoCompressor(LzoAlgorithm algorithm, int level)
    {
        Debug.Assert(algorithm == LzoAlgorithm.Lzo1x999 ? level is >= 1 and <= 9 : level == 0);
        LibLzo2.EnsureLoaded();
        (_algorithm, _level) = (algorithm, level);
    }

    public SquashfsCompressorId Id => SquashfsCompressorId.Lzo;

    public string CacheIdentity => $"lzo algorithm={_algorithm} level={_level} liblzo2={LibLzo2.Version}";

    public byte[]? OptionsBlock
    {
        get
        {
            if (_algorithm == LzoAlgorithm.Lzo1x999 && _level == CompressionSettings.LzoDefaultLevel)
            {
                return null;
            }

            var block = new byte[OptionsSize];
            BinaryPrimitives.WriteUInt32LittleEndian(block, (uint)_algorithm);
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), (uint)_level);
            return block;
        }
    }

    /// <summary>Reads the options block of an image, checking it as unsquashfs does.</summary>
    public static LzoCompressor FromOptions(ReadOnlySpan<byte> options)
    {
        if (options.IsEmpty)
        {
            return new LzoCompressor(LzoAlgorithm.Lzo1x999, CompressionSettings.LzoDefaultLevel);
        }

        if (options.Length != OptionsSize)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsSize, "lzo", options.Length, OptionsSize));
        }

        uint algorithm = BinaryPrimitives.ReadUInt32LittleEndian(options);
        uint level = BinaryPrimitives.ReadUInt32LittleEndian(options[4..]);
        if (algorithm > (uint)LzoAlgorithm.Lzo1x999)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsBadValue, "lzo", "algorithm", algorithm));
        }

        bool levelValid = (LzoAlgorithm)algorithm == LzoAlgorithm.Lzo1x999 ? level is >= 1 and <= 9 : level == 0;
        if (!levelValid)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsBadValue, "lzo", "compression level", level));
        }

        return new LzoCompressor((LzoAlgorithm)algorithm, (int)level);
    }

    public int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int limit = Math.Min(output.Length, input.Length - 1);
        if (limit <= 0)
        {
            return 0;
        }

        // LZO takes no output limit, so it writes to a buffer of its worst case (LZO_MAX_EXPANSION in mksquashfs).
        _workMemory ??= new byte[LibLzo2.WorkMemorySize(_algorithm)];
        _compressed = Grow(_compressed, input.Length + (input.Length / 16) + 64 + 3);
        _original = Grow(_original, input.Length);

        nuint length = 0;
        nuint originalLength = (nuint)input.Length;
        int result;
        fixed (byte* source = input)
        fixed (byte* compressed = _compressed)
        fixed (byte* original = _original)
        fixed (byte* work = _workMemory)
        {
            result = _algorithm switch
            {
                LzoAlgorithm.Lzo1x1 => LibLzo2.Lzo1x1Compress(source, (nuint)input.Length, compressed, &length, work),
                LzoAlgorithm.Lzo1x1_11 => LibLzo2.Lzo1x1_11Compress(source, (nuint)input.Length, compressed, &length, work),
                LzoAlgorithm.Lzo1x1_12 => LibLzo2.Lzo1x1_12Compress(source, (nuint)input.Length, compressed, &length, work),
                LzoAlgorithm.Lzo1x1_15 => LibLzo2.Lzo1x1_15Compress(source, (nuint)input.Length, compressed, &length, work),
                _ => LibLzo2.Lzo1x999CompressLevel(source, (nuint)input.Length, compressed, &length, work, null, 0, null, _level),
            };

            if (result != LibLzo2.Ok)
            {
                throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Strings.CompressionFailed, "lzo", "lzo1x compress", result));
            }

            if (length > (nuint)limit)
            {
                return 0;
            }

            // lzo1x_optimize decompresses as it works; it needs a writable place for the original bytes.
            result = LibLzo2.Lzo1xOptimize(compressed, length, original, &originalLength, null);
        }

        if (result != LibLzo2.Ok || originalLength != (nuint)input.Length)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Strings.CompressionFailed, "lzo", "lzo1x_optimize", result));
        }

        _compressed.AsSpan(0, (int)length).CopyTo(output);
        return (int)length;
    }

    public int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        nuint length = (nuint)output.Length;
        int result;
        fixed (byte* source = input)
        fixed (byte* target = output)
        {
            result = LibLzo2.Lzo1xDecompressSafe(source, (nuint)input.Length, target, &length, null);
        }

        if (result != LibLzo2.Ok)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BlockCorrupt, "lzo", output.Length, "liblzo2 error " + result));
        }

        return (int)length;
    }

    public ISquashfsCompressor Clone() => new LzoCompressor(_algorithm, _level);

    public ISquashfsCompressor ForMetadata() => Clone();

    /// <summary>Nothing native to free: liblzo2 works in the managed buffers this compressor hands it.</summary>
    public void Dispose()
    {
    }

    private static byte[] Grow(byte[]? buffer, int size) => buffer is not null && buffer.Length >= size ? buffer : new byte[size];
}
