namespace Squashfs.Compression;

/// <summary>Creates the compressor an image was written with, from its superblock's id and options block.</summary>
internal static class CompressorFactory
{
    /// <summary>
    /// Validates an options block read from an untrusted image (empty when the COMPRESSOR_OPTIONS flag is clear):
    /// <see cref="InvalidDataException"/> for bad values, <see cref="NotSupportedException"/> for unknown ids and flags.
    /// </summary>
    public static ISquashfsCompressor FromImage(SquashfsCompressorId id, ReadOnlySpan<byte> optionsBlock, int blockSize)
    {
        if (!BlockSize.IsValid(blockSize))
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BlockSizeInvalidValue, blockSize));
        }

        return id switch
        {
            SquashfsCompressorId.Gzip => GzipCompressor.FromOptions(optionsBlock),
            SquashfsCompressorId.Lzma => LzmaCompressor.FromOptions(optionsBlock, blockSize),
            SquashfsCompressorId.Lzo => LzoCompressor.FromOptions(optionsBlock),
            SquashfsCompressorId.Xz => XzCompressor.FromOptions(optionsBlock, blockSize),
            SquashfsCompressorId.Lz4 => Lz4Compressor.FromOptions(optionsBlock),
            SquashfsCompressorId.Zstd => ZstdCompressor.FromOptions(optionsBlock),
            _ => throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, Strings.UnknownCompressorId, (ushort)id)),
        };
    }
}
