using Squashfs.Compression;

namespace Squashfs.Tests.Compression;

public class CompressorFactoryFromImageTests
{
    [Theory]
    [InlineData("gzip")]
    [InlineData("gzip -Xcompression-level 3 -Xwindow-size 9 -Xstrategy filtered,fixed")]
    [InlineData("lzma")]
    [InlineData("lzo")]
    [InlineData("lzo -Xalgorithm lzo1x_1_11")]
    [InlineData("lzo -Xcompression-level 2")]
    [InlineData("xz")]
    [InlineData("xz -Xbcj arm,sparc -Xdict-size 25%")]
    [InlineData("lz4")]
    [InlineData("lz4 -Xhc")]
    [InlineData("zstd")]
    [InlineData("zstd -Xcompression-level 1")]
    public void ReadsBackTheOptionsItWrites(string text)
    {
        using ISquashfsCompressor written = CompressionSettings.Parse(text).CreateCompressor(BlockSize.Default);

        using ISquashfsCompressor read = CompressorFactory.FromImage(written.Id, written.OptionsBlock, BlockSize.Default);

        Assert.Equal(written.Id, read.Id);
        Assert.Equal(written.OptionsBlock, read.OptionsBlock);

        byte[] data = TestData.Compressible(BlockSize.Default);
        var compressed = new byte[data.Length];
        int length = written.Compress(data, compressed);
        var decompressed = new byte[data.Length];
        Assert.Equal(data.Length, read.Decompress(compressed.AsSpan(0, length), decompressed));
        Assert.Equal(data, decompressed);
    }

    [Theory]
    [InlineData(SquashfsCompressorId.Gzip, "0000000f000000", "is 7 bytes long; expected 8")]
    [InlineData(SquashfsCompressorId.Gzip, "00000000" + "0f00" + "0000", "invalid compression level: 0")]
    [InlineData(SquashfsCompressorId.Gzip, "0a000000" + "0f00" + "0000", "invalid compression level: 10")]
    [InlineData(SquashfsCompressorId.Gzip, "09000000" + "0700" + "0000", "invalid window size: 7")]
    [InlineData(SquashfsCompressorId.Gzip, "09000000" + "1000" + "0000", "invalid window size: 16")]
    [InlineData(SquashfsCompressorId.Lzma, "00000000", "is 4 bytes long; expected 0")]
    [InlineData(SquashfsCompressorId.Lzo, "05000000" + "00000000", "invalid algorithm: 5")]
    [InlineData(SquashfsCompressorId.Lzo, "00000000" + "03000000", "invalid compression level: 3")]
    [InlineData(SquashfsCompressorId.Lzo, "04000000" + "00000000", "invalid compression level: 0")]
    [InlineData(SquashfsCompressorId.Lzo, "04000000" + "0a000000", "invalid compression level: 10")]
    [InlineData(SquashfsCompressorId.Xz, "00000200", "is 4 bytes long; expected 8")]
    [InlineData(SquashfsCompressorId.Xz, "00a00000" + "00000000", "invalid dictionary size: 40960")]
    [InlineData(SquashfsCompressorId.Xz, "00000000" + "00000000", "invalid dictionary size: 0")]
    [InlineData(SquashfsCompressorId.Xz, "000000c0" + "00000000", "invalid dictionary size: -1073741824")]
    [InlineData(SquashfsCompressorId.Lz4, "", "is 0 bytes long; expected 8")]
    [InlineData(SquashfsCompressorId.Zstd, "00000000", "invalid compression level: 0")]
    [InlineData(SquashfsCompressorId.Zstd, "17000000", "invalid compression level: 23")]
    [InlineData(SquashfsCompressorId.Zstd, "1300000000000000", "is 8 bytes long; expected 4")]
    public void RefusesBadOptionsAsInvalidData(SquashfsCompressorId id, string optionsHex, string detail)
    {
        byte[] options = Convert.FromHexString(optionsHex);

        InvalidDataException exception = Assert.Throws<InvalidDataException>(() => CompressorFactory.FromImage(id, options, BlockSize.Default));
        Assert.Contains(detail, exception.Message);
    }

    [Theory]
    [InlineData(SquashfsCompressorId.Gzip, "09000000" + "0f00" + "2000", "unsupported strategies 0x20")]
    [InlineData(SquashfsCompressorId.Xz, "00000200" + "40000000", "unsupported filters 0x40")]
    [InlineData(SquashfsCompressorId.Lz4, "02000000" + "00000000", "unsupported stream version 0x2")]
    [InlineData(SquashfsCompressorId.Lz4, "01000000" + "03000000", "unsupported flags 0x2")]
    [InlineData((SquashfsCompressorId)0, "", "Compressor id 0 is not supported")]
    [InlineData((SquashfsCompressorId)7, "", "Compressor id 7 is not supported")]
    public void RefusesUnknownIdsAndFlagsAsNotSupported(SquashfsCompressorId id, string optionsHex, string detail)
    {
        byte[] options = Convert.FromHexString(optionsHex);

        NotSupportedException exception = Assert.Throws<NotSupportedException>(() => CompressorFactory.FromImage(id, options, BlockSize.Default));
        Assert.Contains(detail, exception.Message);
    }

    [Fact]
    public void RefusesAnInvalidBlockSize()
    {
        Assert.Throws<InvalidDataException>(() => CompressorFactory.FromImage(SquashfsCompressorId.Gzip, [], 3000));
    }
}
