using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

namespace Squashfs.Compression;

/// <summary>
/// gzip, which in squashfs means zlib streams (RFC 1950: zlib header, deflate data, Adler-32), through the BCL's
/// <see cref="ZLibStream"/>. Like mksquashfs, it tries each -Xstrategy in turn and keeps the smallest result.
/// </summary>
/// <remarks>
/// The BCL cannot set deflate's window size, so data is always compressed with a 32K window (15 bits) whatever
/// -Xwindow-size says; the value is still written to the options block as mksquashfs writes it. Every squashfs reader
/// (the kernel, unsquashfs, squashfs-tools-ng) inflates with a 15-bit window, so such streams read everywhere. The
/// BCL's zlib-ng also makes different (equally valid) deflate bytes than the zlib mksquashfs links.
/// </remarks>
internal sealed unsafe class GzipCompressor : ISquashfsCompressor
{
    private const int OptionsSize = 8;
    private const int MinWindowSize = 8;
    private const int MaxWindowSize = 15;

    /// <summary>A zlib header, one byte of deflate data and the Adler-32.</summary>
    private const int MinStreamSize = 2 + 1 + 4;

    private static readonly (GzipStrategies Flag, ZLibCompressionStrategy Strategy)[] s_strategies =
    [
        (GzipStrategies.Default, ZLibCompressionStrategy.Default),
        (GzipStrategies.Filtered, ZLibCompressionStrategy.Filtered),
        (GzipStrategies.HuffmanOnly, ZLibCompressionStrategy.HuffmanOnly),
        (GzipStrategies.RunLengthEncoded, ZLibCompressionStrategy.RunLengthEncoding),
        (GzipStrategies.Fixed, ZLibCompressionStrategy.Fixed),
    ];

    private readonly int _level;
    private readonly int _windowSize;
    private readonly GzipStrategies _strategies;
    private readonly bool _forMetadata;
    private readonly MemoryStream _buffer = new();

    public GzipCompressor(int level, int windowSize, GzipStrategies strategies)
        : this(level, windowSize, strategies, forMetadata: false)
    {
    }

    private GzipCompressor(int level, int windowSize, GzipStrategies strategies, bool forMetadata)
    {
        Debug.Assert(level is >= 1 and <= 9);
        Debug.Assert(windowSize is >= MinWindowSize and <= MaxWindowSize);
        Debug.Assert((strategies & ~GzipStrategies.All) == 0);
        (_level, _windowSize, _strategies, _forMetadata) = (level, windowSize, strategies, forMetadata);
    }

    public SquashfsCompressorId Id => SquashfsCompressorId.Gzip;

    // The deflate encoder is the runtime's bundled zlib-ng, so the runtime's version stands for it. The window size
    // does not reach the encoder (see remarks) but is part of the options all the same.
    public string CacheIdentity => $"gzip level={_level} window={_windowSize} strategies={(uint)_strategies} metadata={_forMetadata} runtime={Environment.Version}";

    public byte[]? OptionsBlock
    {
        get
        {
            if (_level == CompressionSettings.GzipDefaultLevel && _windowSize == CompressionSettings.GzipDefaultWindowSize && _strategies == GzipStrategies.None)
            {
                return null;
            }

            var block = new byte[OptionsSize];
            BinaryPrimitives.WriteUInt32LittleEndian(block, (uint)_level);
            BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(4), (ushort)_windowSize);
            BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(6), (ushort)_strategies);
            return block;
        }
    }

    /// <summary>Reads the options block of an image, checking it as unsquashfs does.</summary>
    public static GzipCompressor FromOptions(ReadOnlySpan<byte> options)
    {
        if (options.IsEmpty)
        {
            return new GzipCompressor(CompressionSettings.GzipDefaultLevel, CompressionSettings.GzipDefaultWindowSize, GzipStrategies.None);
        }

        if (options.Length != OptionsSize)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsSize, "gzip", options.Length, OptionsSize));
        }

        uint level = BinaryPrimitives.ReadUInt32LittleEndian(options);
        if (level is < 1 or > 9)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsBadValue, "gzip", "compression level", level));
        }

        ushort window = BinaryPrimitives.ReadUInt16LittleEndian(options[4..]);
        if (window is < MinWindowSize or > MaxWindowSize)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsBadValue, "gzip", "window size", window));
        }

        ushort strategies = BinaryPrimitives.ReadUInt16LittleEndian(options[6..]);
        if ((strategies & ~(int)GzipStrategies.All) != 0)
        {
            throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsUnsupportedFlags, "gzip", "strategies", strategies & ~(int)GzipStrategies.All));
        }

        return new GzipCompressor((int)level, window, (GzipStrategies)strategies);
    }

    public int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int limit = Math.Min(output.Length, input.Length - 1);
        if (limit <= 0)
        {
            return 0;
        }

        if (_forMetadata || _strategies == GzipStrategies.None)
        {
            return Deflate(input, output, limit, ZLibCompressionStrategy.Default);
        }

        // As mksquashfs: a later strategy wins only when strictly smaller.
        int bestLength = 0;
        foreach ((GzipStrategies flag, ZLibCompressionStrategy strategy) in s_strategies)
        {
            if ((_strategies & flag) == 0)
            {
                continue;
            }

            int length = Deflate(input, output, bestLength == 0 ? limit : bestLength - 1, strategy);
            bestLength = length != 0 ? length : bestLength;
        }

        return bestLength;
    }

    public int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length < MinStreamSize)
        {
            throw Corrupt(output, "it is shorter than any zlib stream");
        }

        int total = 0;
        bool overflows;
        try
        {
            fixed (byte* source = input)
            {
                using var compressed = new UnmanagedMemoryStream(source, input.Length);
                using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
                int read;
                while (total < output.Length && (read = inflater.Read(output[total..])) > 0)
                {
                    total += read;
                }

                Span<byte> probe = stackalloc byte[1];
                overflows = total == output.Length && inflater.Read(probe) > 0;
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            // zlib's own errors (a preset dictionary, Z_DATA_ERROR) come as ZLibException, an IOException.
            throw Corrupt(output, exception.Message);
        }

        if (overflows)
        {
            throw Corrupt(output, "it inflates to more bytes");
        }

        // ZLibStream stops quietly at the end of a truncated stream; the Adler-32 trailer must end the input.
        if (Adler32(output[..total]) != BinaryPrimitives.ReadUInt32BigEndian(input[^4..]))
        {
            throw Corrupt(output, "the stream is truncated or its Adler-32 does not match");
        }

        return total;
    }

    public ISquashfsCompressor Clone() => new GzipCompressor(_level, _windowSize, _strategies, _forMetadata);

    public ISquashfsCompressor ForMetadata() => new GzipCompressor(_level, _windowSize, _strategies, forMetadata: true);

    public void Dispose() => _buffer.Dispose();

    /// <summary>Compresses into <paramref name="output"/> if the result is at most <paramref name="limit"/> bytes; else returns 0.</summary>
    private int Deflate(ReadOnlySpan<byte> input, Span<byte> output, int limit, ZLibCompressionStrategy strategy)
    {
        _buffer.SetLength(0);
        var options = new ZLibCompressionOptions { CompressionLevel = _level, CompressionStrategy = strategy };
        using (var deflater = new ZLibStream(_buffer, options, leaveOpen: true))
        {
            deflater.Write(input);
        }

        int length = (int)_buffer.Length;
        if (length > limit)
        {
            return 0;
        }

        _buffer.GetBuffer().AsSpan(0, length).CopyTo(output);
        return length;
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        const int ChunkSize = 5552; // The most bytes before the sums can overflow 32 bits.
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            ReadOnlySpan<byte> chunk = data[..Math.Min(ChunkSize, data.Length)];
            foreach (byte value in chunk)
            {
                a += value;
                b += a;
            }

            (a, b) = (a % Modulus, b % Modulus);
            data = data[chunk.Length..];
        }

        return (b << 16) | a;
    }

    private static InvalidDataException Corrupt(Span<byte> output, string detail) =>
        new(string.Format(CultureInfo.InvariantCulture, Strings.BlockCorrupt, "gzip", output.Length, detail));
}
