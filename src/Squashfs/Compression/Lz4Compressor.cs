using System.Buffers.Binary;

namespace Squashfs.Compression;

/// <summary>
/// lz4 raw blocks through liblz4, as mksquashfs's lz4 wrapper: LZ4's default fast mode, or with -Xhc
/// LZ4 HC at its highest level (LZ4HC_CLEVEL_MAX). mksquashfs always writes the options block for lz4.
/// </summary>
internal sealed unsafe class Lz4Compressor : ISquashfsCompressor
{
    private const int OptionsSize = 8;

    /// <summary>LZ4_LEGACY, the only stream format squashfs knows.</summary>
    private const uint LegacyVersion = 1;

    private const uint HighCompressionFlag = 1;

    private readonly bool _highCompression;

    public Lz4Compressor(bool highCompression)
    {
        LibLz4.EnsureLoaded();
        _highCompression = highCompression;
    }

    public SquashfsCompressorId Id => SquashfsCompressorId.Lz4;

    public string CacheIdentity => $"lz4 hc={_highCompression} liblz4={LibLz4.Version}";

    public byte[]? OptionsBlock
    {
        get
        {
            var block = new byte[OptionsSize];
            BinaryPrimitives.WriteUInt32LittleEndian(block, LegacyVersion);
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), _highCompression ? HighCompressionFlag : 0);
            return block;
        }
    }

    /// <summary>Reads the options block of an image, which unsquashfs requires for lz4.</summary>
    public static Lz4Compressor FromOptions(ReadOnlySpan<byte> options)
    {
        if (options.Length != OptionsSize)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsSize, "lz4", options.Length, OptionsSize));
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(options);
        if (version != LegacyVersion)
        {
            throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsUnsupportedFlags, "lz4", "stream version", version));
        }

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(options[4..]);
        if ((flags & ~HighCompressionFlag) != 0)
        {
            throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsUnsupportedFlags, "lz4", "flags", flags & ~HighCompressionFlag));
        }

        return new Lz4Compressor(flags == HighCompressionFlag);
    }

    public int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int limit = Math.Min(output.Length, input.Length - 1);
        if (limit <= 0)
        {
            return 0;
        }

        fixed (byte* source = input)
        fixed (byte* target = output)
        {
            return _highCompression
                ? LibLz4.CompressHighCompression(source, target, input.Length, limit, LibLz4.HighCompressionLevel)
                : LibLz4.CompressDefault(source, target, input.Length, limit);
        }
    }

    public int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        // An LZ4 block holds at least its last token, so an empty one is corrupt too.
        int length = -1;
        if (!input.IsEmpty)
        {
            fixed (byte* source = input)
            fixed (byte* target = output)
            {
                length = LibLz4.DecompressSafe(source, target, input.Length, output.Length);
            }
        }

        return length >= 0 ? length
            : throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BlockCorrupt, "lz4", output.Length, "LZ4 error " + length));
    }

    public ISquashfsCompressor Clone() => new Lz4Compressor(_highCompression);

    public ISquashfsCompressor ForMetadata() => Clone();

    /// <summary>Nothing to free: liblz4's one-shot functions keep their state on the stack.</summary>
    public void Dispose()
    {
    }
}
