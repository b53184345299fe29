namespace Squashfs.Compression;

/// <summary>
/// One codec configured for one image. Instances are not thread safe: each worker takes its own <see cref="Clone"/>.
/// Whoever creates one (or takes a <see cref="Clone"/> or <see cref="ForMetadata"/>) disposes it, which frees the
/// codec's native encoder and decoder state at once rather than when the collector finds it.
/// </summary>
internal interface ISquashfsCompressor : IDisposable
{
    SquashfsCompressorId Id { get; }

    /// <summary>
    /// The compressor options block as mksquashfs writes it after the superblock, or null when the options
    /// are the codec's defaults (then mksquashfs writes none and leaves the COMPRESSOR_OPTIONS flag clear).
    /// </summary>
    byte[]? OptionsBlock { get; }

    /// <summary>
    /// Everything besides the input that decides the compressed bytes: the codec, every option that reaches the
    /// encoder and the version of the library that encodes. Cached blocks are keyed by it, so two compressors with the
    /// same identity must compress every input to the same bytes.
    /// </summary>
    string CacheIdentity { get; }

    /// <summary>
    /// Compresses <paramref name="input"/> into <paramref name="output"/> and returns the compressed length,
    /// or 0 when the result would not be smaller than the input (the caller then stores the block uncompressed).
    /// </summary>
    int Compress(ReadOnlySpan<byte> input, Span<byte> output);

    /// <summary>Decompresses one block and returns the number of bytes written; throws InvalidDataException on corrupt input.</summary>
    int Decompress(ReadOnlySpan<byte> input, Span<byte> output);

    /// <summary>A compressor with the same settings and state of its own, for another thread; the caller disposes it.</summary>
    ISquashfsCompressor Clone();

    /// <summary>
    /// A compressor for metadata blocks, configured as mksquashfs configures its metadata stream: xz and lzma use an
    /// 8K dictionary and xz no BCJ filter, gzip only the default strategy; other codecs compress metadata as data.
    /// Its <see cref="OptionsBlock"/> is the image's, like this one's. The caller disposes it.
    /// </summary>
    ISquashfsCompressor ForMetadata();
}
