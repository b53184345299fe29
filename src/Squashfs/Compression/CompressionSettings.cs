namespace Squashfs.Compression;

/// <summary>
/// A compressor and its options, parsed from mksquashfs's syntax ("xz -Xdict-size 100%"). PLACEHOLDER: the
/// compression work replaces this file.
/// </summary>
public sealed class CompressionSettings
{
    private CompressionSettings(SquashfsCompressorId compressor) => Compressor = compressor;

    public static CompressionSettings Default { get; } = new(SquashfsCompressorId.Xz);

    public SquashfsCompressorId Compressor { get; }

    public static CompressionSettings Parse(string text) => throw new NotImplementedException(text);

    internal ISquashfsCompressor CreateCompressor(int blockSize) => throw new NotImplementedException(blockSize.ToString());
}
