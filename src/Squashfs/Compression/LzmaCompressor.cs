using System.Buffers.Binary;
using System.Diagnostics;

namespace Squashfs.Compression;

/// <summary>
/// Legacy lzma (LZMA1 in the .lzma "alone" format) through liblzma, as squashfs-tools' lzma wrapper over xz-utils
/// writes it: preset 5, a dictionary as large as the block, and the real uncompressed size patched into the header
/// after an end-marked stream. The kernel cannot read it; unsquashfs can. It has no options.
/// </summary>
internal sealed unsafe class LzmaCompressor : ISquashfsCompressor
{
    private const uint Preset = 5;
    private const int PropertiesSize = 5;
    private const int HeaderSize = PropertiesSize + sizeof(ulong);
    private const int MetadataDictionarySize = 8192;
    private const ulong MemoryLimit = 32 * 1024 * 1024;

    private readonly int _blockSize;
    private readonly int _dictionarySize;
    private LzmaBufferCache? _buffers;

    public LzmaCompressor(int blockSize)
        : this(blockSize, blockSize)
    {
    }

    // mksquashfs passes the block size as the dictionary size, and compresses metadata with a block size of 8K.
    private LzmaCompressor(int blockSize, int dictionarySize)
    {
        Debug.Assert(BlockSize.IsValid(blockSize));
        LibLzma.EnsureLoaded("lzma");
        (_blockSize, _dictionarySize) = (blockSize, dictionarySize);
    }

    public SquashfsCompressorId Id => SquashfsCompressorId.Lzma;

    public byte[]? OptionsBlock => null;

    public string CacheIdentity => $"lzma preset={Preset} dict={_dictionarySize} liblzma={LibLzma.Version}";

    public static LzmaCompressor FromOptions(ReadOnlySpan<byte> options, int blockSize) =>
        options.IsEmpty ? new LzmaCompressor(blockSize)
        : throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionsSize, "lzma", options.Length, 0));

    public int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int limit = Math.Min(output.Length, input.Length - 1);
        if (limit <= HeaderSize)
        {
            return 0;
        }

        LibLzma.OptionsLzma options = default;
        if (LibLzma.LzmaPreset(&options, Preset))
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Strings.CompressionFailed, "lzma", "lzma_lzma_preset", 1));
        }

        options.DictionarySize = (uint)_dictionarySize;

        _buffers ??= new LzmaBufferCache();
        LibLzma.Stream stream = new() { Allocator = _buffers.Allocator };
        int result = LibLzma.AloneEncoder(&stream, &options);
        try
        {
            if (result != LibLzma.Ok)
            {
                throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Strings.CompressionFailed, "lzma", "lzma_alone_encoder", result));
            }

            fixed (byte* source = input)
            fixed (byte* target = output)
            {
                stream.NextIn = source;
                stream.AvailableIn = (nuint)input.Length;
                stream.NextOut = target;
                stream.AvailableOut = (nuint)limit;
                result = LibLzma.Code(&stream, LibLzma.Finish);
            }
        }
        finally
        {
            LibLzma.End(&stream);
            GC.KeepAlive(_buffers);
        }

        switch (result)
        {
            case LibLzma.StreamEnd:
                // The encoder wrote "size unknown"; the kernel's and unsquashfs's readers expect the real size.
                BinaryPrimitives.WriteUInt64LittleEndian(output[PropertiesSize..], (ulong)input.Length);
                return (int)stream.TotalOut;
            case LibLzma.Ok:
                return 0; // The output filled up.
            default:
                throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Strings.CompressionFailed, "lzma", "lzma_code", result));
        }
    }

    public int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length < HeaderSize)
        {
            throw Corrupt(output, "shorter than the lzma header");
        }

        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(input[PropertiesSize..]);
        if (size > (ulong)output.Length)
        {
            throw Corrupt(output, $"the header gives {size} bytes");
        }

        // As unsquashfs: decode with "size unknown", which accepts the end marker mksquashfs's streams carry.
        Span<byte> header = stackalloc byte[HeaderSize];
        input[..PropertiesSize].CopyTo(header);
        header[PropertiesSize..].Fill(0xFF);

        _buffers ??= new LzmaBufferCache();
        LibLzma.Stream stream = new() { Allocator = _buffers.Allocator };
        int result = LibLzma.AloneDecoder(&stream, MemoryLimit);
        try
        {
            fixed (byte* headerBytes = header)
            fixed (byte* source = input)
            fixed (byte* target = output)
            {
                stream.NextIn = headerBytes;
                stream.AvailableIn = HeaderSize;
                stream.NextOut = target;
                stream.AvailableOut = (nuint)output.Length;
                if (result == LibLzma.Ok)
                {
                    result = LibLzma.Code(&stream, LibLzma.Run);
                }

                if (result == LibLzma.Ok && stream.AvailableIn == 0)
                {
                    stream.NextIn = source + HeaderSize;
                    stream.AvailableIn = (nuint)(input.Length - HeaderSize);
                    result = LibLzma.Code(&stream, LibLzma.Finish);
                }
            }
        }
        finally
        {
            LibLzma.End(&stream);
            GC.KeepAlive(_buffers);
        }

        // Streams without an end marker (LZMA SDK builds of mksquashfs) stop with LZMA_OK once the input is used up.
        if (result is not (LibLzma.StreamEnd or LibLzma.Ok) || stream.AvailableIn != 0 || stream.TotalOut != size)
        {
            throw Corrupt(output, "liblzma error " + result);
        }

        return (int)size;
    }

    public ISquashfsCompressor Clone() => new LzmaCompressor(_blockSize, _dictionarySize);

    public ISquashfsCompressor ForMetadata() => new LzmaCompressor(_blockSize, MetadataDictionarySize);

    public void Dispose() => _buffers?.Dispose();

    private static InvalidDataException Corrupt(Span<byte> output, string detail) =>
        new(string.Format(CultureInfo.InvariantCulture, Strings.BlockCorrupt, "lzma", output.Length, detail));
}
