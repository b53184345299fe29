using Squashfs.Compression;

namespace Squashfs.Tests.Compression;

/// <summary>Our options blocks against the ones the real mksquashfs writes for the same settings.</summary>
public class SquashfsCompressorOptionsBlockTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { "gzip", 131072 },
        { "gzip -Xcompression-level 9 -Xwindow-size 15 -Xstrategy default", 131072 },
        { "gzip -Xcompression-level 5", 131072 },
        { "gzip -Xwindow-size 12", 131072 },
        { "gzip -Xstrategy default,filtered", 131072 },
        { "gzip -Xstrategy fixed,huffman_only,run_length_encoded", 4096 },
        { "lzma", 131072 },
        { "lzo", 131072 },
        { "lzo -Xcompression-level 8", 131072 },
        { "lzo -Xalgorithm lzo1x_999 -Xcompression-level 9", 131072 },
        { "lzo -Xalgorithm lzo1x_1", 131072 },
        { "lzo -Xalgorithm lzo1x_1_15", 65536 },
        { "xz", 131072 },
        { "xz -Xdict-size 100%", 1048576 },
        { "xz -Xdict-size 50%", 131072 },
        { "xz -Xdict-size 37.5%", 131072 },
        { "xz -Xdict-size 128K", 131072 },
        { "xz -Xdict-size 8K", 8192 },
        { "xz -Xbcj x86", 131072 },
        { "xz -Xbcj x86,arm -Xdict-size 512K", 1048576 },
        { "xz -Xbcj sparc,armthumb,arm,ia64,powerpc,x86 -Xdict-size 25%", 262144 },
        { "lz4", 131072 },
        { "lz4 -Xhc", 131072 },
        { "zstd", 131072 },
        { "zstd -Xcompression-level 15", 131072 },
        { "zstd -Xcompression-level 19", 131072 },
        { "zstd -Xcompression-level 1", 131072 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesMksquashfs(string text, int blockSize)
    {
        CompressionSettings settings = CompressionSettings.Parse(text);
        using ISquashfsCompressor compressor = settings.CreateCompressor(blockSize);

        MksquashfsImage image = MksquashfsImage.Build(
            settings.ToMksquashfsArguments(),
            new Dictionary<string, byte[]> { ["file"] = TestData.Compressible(1000) },
            "-b", BlockSize.Format(blockSize));

        Assert.Equal((ushort)compressor.Id, image.CompressorId);
        Assert.Equal(blockSize, image.BlockSize);
        Assert.Equal(image.OptionsBlock, compressor.OptionsBlock);
        using ISquashfsCompressor read = CompressorFactory.FromImage(compressor.Id, image.OptionsBlock, blockSize);
        Assert.Equal(compressor.OptionsBlock, read.OptionsBlock);
    }
}
