using Squashfs.Compression;

namespace Squashfs.Tests.Compression;

public class CompressionSettingsCreateCompressorTests
{
    [Theory]
    [InlineData("gzip", SquashfsCompressorId.Gzip)]
    [InlineData("lzma", SquashfsCompressorId.Lzma)]
    [InlineData("lzo", SquashfsCompressorId.Lzo)]
    [InlineData("xz", SquashfsCompressorId.Xz)]
    [InlineData("lz4", SquashfsCompressorId.Lz4)]
    [InlineData("zstd", SquashfsCompressorId.Zstd)]
    public void CreatesTheNamedCodec(string text, SquashfsCompressorId id)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(text).CreateCompressor(BlockSize.Default);

        Assert.Equal(id, compressor.Id);
        using ISquashfsCompressor clone = compressor.Clone();
        using ISquashfsCompressor metadataCompressor = compressor.ForMetadata();
        Assert.Equal(id, clone.Id);
        Assert.Equal(id, metadataCompressor.Id);
    }

    [Theory]
    [InlineData("xz", 131072, null)]
    [InlineData("xz -Xdict-size 100%", 8192, null)]
    [InlineData("xz", 4096, null)]
    [InlineData("xz -Xdict-size 128K", 131072, null)]
    [InlineData("xz -Xdict-size 128K", 1048576, "00000200" + "00000000")]
    [InlineData("xz -Xdict-size 50%", 131072, "00000100" + "00000000")]
    [InlineData("xz -Xdict-size 37.5%", 131072, "00c00000" + "00000000")]
    [InlineData("xz -Xdict-size 75%", 1048576, "00000c00" + "00000000")]
    [InlineData("xz -Xbcj x86", 131072, "00000200" + "01000000")]
    [InlineData("xz -Xbcj x86,powerpc,ia64,arm,armthumb,sparc -Xdict-size 8K", 131072, "00200000" + "3f000000")]
    [InlineData("gzip", 131072, null)]
    [InlineData("gzip -Xcompression-level 9 -Xwindow-size 15 -Xstrategy default", 131072, null)]
    [InlineData("gzip -Xstrategy default,filtered", 131072, "09000000" + "0f00" + "0300")]
    [InlineData("gzip -Xcompression-level 5 -Xwindow-size 12", 131072, "05000000" + "0c00" + "0000")]
    [InlineData("gzip -Xstrategy fixed", 131072, "09000000" + "0f00" + "1000")]
    [InlineData("lzo", 131072, null)]
    [InlineData("lzo -Xcompression-level 8", 131072, null)]
    [InlineData("lzo -Xcompression-level 9", 131072, "04000000" + "09000000")]
    [InlineData("lzo -Xalgorithm lzo1x_1", 131072, "00000000" + "00000000")]
    [InlineData("lzo -Xalgorithm lzo1x_1_12", 131072, "02000000" + "00000000")]
    [InlineData("lz4", 131072, "01000000" + "00000000")]
    [InlineData("lz4 -Xhc", 131072, "01000000" + "01000000")]
    [InlineData("zstd", 131072, null)]
    [InlineData("zstd -Xcompression-level 15", 131072, null)]
    [InlineData("zstd -Xcompression-level 19", 131072, "13000000")]
    [InlineData("lzma", 131072, null)]
    public void WritesTheOptionsBlockMksquashfsWrites(string text, int blockSize, string? expectedHex)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(text).CreateCompressor(blockSize);

        Assert.Equal(expectedHex, compressor.OptionsBlock is { } block ? Convert.ToHexStringLower(block) : null);
        using ISquashfsCompressor metadataCompressor = compressor.ForMetadata();
        Assert.Equal(expectedHex, metadataCompressor.OptionsBlock is { } metadata ? Convert.ToHexStringLower(metadata) : null);
    }

    [Theory]
    [InlineData("xz -Xdict-size 256K", 131072, "The xz option -Xdict-size 256K is larger than the block size 128K.")]
    [InlineData("xz -Xdict-size 8K", 4096, "The xz option -Xdict-size 8K is larger than the block size 4K.")]
    [InlineData("xz -Xdict-size 33%", 131072, "The xz option -Xdict-size 33% of block size 128K gives 43253 bytes: the dictionary size must be storable in the xz header as 2^n or 2^n+2^(n+1), such as 8K, 12K, 16K, 24K or 32K, or 75%, 50%, 37.5% or 25% of the block size.")]
    [InlineData("xz -Xdict-size 1%", 131072, "The xz option -Xdict-size 1% of block size 128K gives 1310 bytes: the dictionary must be 8192 bytes or larger.")]
    [InlineData("xz -Xdict-size 100%", 4096, "The xz option -Xdict-size 100% of block size 4K gives 4096 bytes: the dictionary must be 8192 bytes or larger.")]
    [InlineData("xz -Xdict-size 50%", 8192, "The xz option -Xdict-size 50% of block size 8K gives 4096 bytes: the dictionary must be 8192 bytes or larger.")]
    public void RefusesDictionarySizesTheBlockSizeRulesOut(string text, int blockSize, string message)
    {
        CompressionSettings settings = CompressionSettings.Parse(text);

        ArgumentException exception = Assert.Throws<ArgumentException>(() => settings.CreateCompressor(blockSize));
        Assert.StartsWith(message, exception.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2048)]
    [InlineData(100000)]
    [InlineData(2 * 1024 * 1024)]
    public void RefusesInvalidBlockSizes(int blockSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CompressionSettings.Default.CreateCompressor(blockSize));
    }
}
