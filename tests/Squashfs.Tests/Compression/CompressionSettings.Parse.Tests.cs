using Squashfs.Compression;

namespace Squashfs.Tests.Compression;

public class CompressionSettingsParseTests
{
    [Theory]
    [InlineData("xz", SquashfsCompressorId.Xz, "xz")]
    [InlineData("xz -Xdict-size 100%", SquashfsCompressorId.Xz, "xz -Xdict-size 100%")]
    [InlineData("xz -Xbcj x86,arm -Xdict-size 512K", SquashfsCompressorId.Xz, "xz -Xbcj x86,arm -Xdict-size 512K")]
    [InlineData("xz -Xdict-size 37.5% -Xbcj arm,x86,arm", SquashfsCompressorId.Xz, "xz -Xbcj x86,arm -Xdict-size 37.5%")]
    [InlineData("xz -Xbcj sparc, -Xbcj powerpc", SquashfsCompressorId.Xz, "xz -Xbcj powerpc,sparc")]
    [InlineData("xz -Xdict-size 131072", SquashfsCompressorId.Xz, "xz -Xdict-size 128K")]
    [InlineData("xz -Xdict-size 96k", SquashfsCompressorId.Xz, "xz -Xdict-size 96K")]
    [InlineData("xz -Xdict-size 1m", SquashfsCompressorId.Xz, "xz -Xdict-size 1M")]
    [InlineData("xz -Xdict-size 64K -Xdict-size 25%", SquashfsCompressorId.Xz, "xz -Xdict-size 25%")]
    [InlineData("gzip", SquashfsCompressorId.Gzip, "gzip")]
    [InlineData("gzip -Xcompression-level 9 -Xwindow-size 15 -Xstrategy default", SquashfsCompressorId.Gzip, "gzip -Xcompression-level 9 -Xwindow-size 15 -Xstrategy default")]
    [InlineData("gzip -Xstrategy fixed,default -Xwindow-size 8 -Xcompression-level 1", SquashfsCompressorId.Gzip, "gzip -Xcompression-level 1 -Xwindow-size 8 -Xstrategy default,fixed")]
    [InlineData("gzip -Xstrategy huffman_only,run_length_encoded,filtered", SquashfsCompressorId.Gzip, "gzip -Xstrategy filtered,huffman_only,run_length_encoded")]
    [InlineData("zstd -Xcompression-level 19", SquashfsCompressorId.Zstd, "zstd -Xcompression-level 19")]
    [InlineData("zstd -Xcompression-level 22", SquashfsCompressorId.Zstd, "zstd -Xcompression-level 22")]
    [InlineData("lz4", SquashfsCompressorId.Lz4, "lz4")]
    [InlineData("lz4 -Xhc", SquashfsCompressorId.Lz4, "lz4 -Xhc")]
    [InlineData("lzo", SquashfsCompressorId.Lzo, "lzo")]
    [InlineData("lzo -Xalgorithm lzo1x_999 -Xcompression-level 9", SquashfsCompressorId.Lzo, "lzo -Xalgorithm lzo1x_999 -Xcompression-level 9")]
    [InlineData("lzo -Xcompression-level 1 -Xalgorithm lzo1x_999", SquashfsCompressorId.Lzo, "lzo -Xalgorithm lzo1x_999 -Xcompression-level 1")]
    [InlineData("lzo -Xalgorithm lzo1x_1_15", SquashfsCompressorId.Lzo, "lzo -Xalgorithm lzo1x_1_15")]
    [InlineData("lzma", SquashfsCompressorId.Lzma, "lzma")]
    [InlineData("  xz \t -Xdict-size\n50%  ", SquashfsCompressorId.Xz, "xz -Xdict-size 50%")]
    public void ParsesMksquashfsSyntaxIntoCanonicalForm(string text, SquashfsCompressorId compressor, string canonical)
    {
        CompressionSettings settings = CompressionSettings.Parse(text);

        Assert.Equal(compressor, settings.Compressor);
        Assert.Equal(canonical, settings.ToString());
        Assert.Equal(canonical, CompressionSettings.Parse(canonical).ToString());
    }

    [Fact]
    public void DefaultIsXzWithADictionaryAsLargeAsTheBlock()
    {
        Assert.Equal(SquashfsCompressorId.Xz, CompressionSettings.Default.Compressor);
        Assert.Equal("xz -Xdict-size 100%", CompressionSettings.Default.ToString());
        Assert.Equal(["-comp", "xz", "-Xdict-size", "100%"], CompressionSettings.Default.ToMksquashfsArguments());
    }

    [Fact]
    public void MksquashfsArgumentsAreTheCanonicalTokens()
    {
        CompressionSettings settings = CompressionSettings.Parse("gzip -Xstrategy filtered -Xcompression-level 6");

        Assert.Equal(["-comp", "gzip", "-Xcompression-level", "6", "-Xstrategy", "filtered"], settings.ToMksquashfsArguments());
    }

    [Theory]
    [InlineData("", "No compressor given: expected one of gzip, lzo, lz4, xz, zstd, lzma, then its -X options (for example \"xz -Xdict-size 100%\").")]
    [InlineData("brotli -Xquality 5", "Unknown compressor 'brotli': expected one of gzip, lzo, lz4, xz, zstd, lzma.")]
    [InlineData("XZ", "Unknown compressor 'XZ': expected one of gzip, lzo, lz4, xz, zstd, lzma.")]
    [InlineData("xz -Xfoo", "Unknown option '-Xfoo' for the xz compressor: its options are -Xbcj, -Xdict-size.")]
    [InlineData("gzip -Xhc", "Unknown option '-Xhc' for the gzip compressor: its options are -Xcompression-level, -Xwindow-size, -Xstrategy.")]
    [InlineData("lz4 -Xcompression-level 9", "Unknown option '-Xcompression-level' for the lz4 compressor: its options are -Xhc.")]
    [InlineData("lz4 -Xhc 1", "Unexpected '1' after the lz4 compressor: expected one of its options, -Xhc.")]
    [InlineData("xz -b 1M", "Unexpected '-b' after the xz compressor: expected one of its options, -Xbcj, -Xdict-size.")]
    [InlineData("lzma -Xdict-size 50%", "Unexpected '-Xdict-size': the lzma compressor takes no options.")]
    [InlineData("lzma fast", "Unexpected 'fast': the lzma compressor takes no options.")]
    [InlineData("xz -Xdict-size", "The xz option -Xdict-size needs a value: a size in bytes with an optional K or M suffix (8K, 64K, 131072) or a percentage of the block size (100%, 50%, 37.5%).")]
    [InlineData("xz -Xbcj -Xdict-size 50%", "The xz option -Xbcj needs a value: a comma-separated list of x86, powerpc, ia64, arm, armthumb, sparc.")]
    [InlineData("gzip -Xcompression-level", "The gzip option -Xcompression-level needs a value: an integer from 1 to 9 (default 9).")]
    [InlineData("gzip -Xcompression-level 0", "Invalid value '0' for the gzip option -Xcompression-level: expected an integer from 1 to 9.")]
    [InlineData("gzip -Xcompression-level 10", "Invalid value '10' for the gzip option -Xcompression-level: expected an integer from 1 to 9.")]
    [InlineData("gzip -Xcompression-level nine", "Invalid value 'nine' for the gzip option -Xcompression-level: expected an integer from 1 to 9.")]
    [InlineData("gzip -Xcompression-level 9x", "Invalid value '9x' for the gzip option -Xcompression-level: expected an integer from 1 to 9.")]
    [InlineData("gzip -Xwindow-size 7", "Invalid value '7' for the gzip option -Xwindow-size: expected an integer from 8 to 15.")]
    [InlineData("gzip -Xwindow-size 16", "Invalid value '16' for the gzip option -Xwindow-size: expected an integer from 8 to 15.")]
    [InlineData("gzip -Xstrategy default,rle", "Invalid value 'default,rle' for the gzip option -Xstrategy: 'rle' is not one of default, filtered, huffman_only, run_length_encoded, fixed.")]
    [InlineData("gzip -Xstrategy ,default", "Invalid value ',default' for the gzip option -Xstrategy: '' is not one of default, filtered, huffman_only, run_length_encoded, fixed.")]
    [InlineData("xz -Xbcj x86,arm64", "Invalid value 'x86,arm64' for the xz option -Xbcj: 'arm64' is not one of x86, powerpc, ia64, arm, armthumb, sparc.")]
    [InlineData("xz -Xbcj x86,,arm", "Invalid value 'x86,,arm' for the xz option -Xbcj: '' is not one of x86, powerpc, ia64, arm, armthumb, sparc.")]
    [InlineData("xz -Xdict-size 0%", "Invalid value '0%' for the xz option -Xdict-size: a percentage must be greater than 0 and at most 100.")]
    [InlineData("xz -Xdict-size 200%", "Invalid value '200%' for the xz option -Xdict-size: a percentage must be greater than 0 and at most 100.")]
    [InlineData("xz -Xdict-size 1.5K", "Invalid value '1.5K' for the xz option -Xdict-size: a size in bytes can't be fractional, only a percentage of the block size can.")]
    [InlineData("xz -Xdict-size 12Q", "Invalid value '12Q' for the xz option -Xdict-size: expected a size in bytes with an optional K or M suffix (8K, 64K, 131072) or a percentage of the block size (100%, 50%, 37.5%).")]
    [InlineData("xz -Xdict-size -5%", "Invalid value '-5%' for the xz option -Xdict-size: expected a size in bytes with an optional K or M suffix (8K, 64K, 131072) or a percentage of the block size (100%, 50%, 37.5%).")]
    [InlineData("xz -Xdict-size 4K", "Invalid value '4K' for the xz option -Xdict-size: the dictionary must be 8192 bytes or larger.")]
    [InlineData("xz -Xdict-size 0", "Invalid value '0' for the xz option -Xdict-size: the dictionary must be 8192 bytes or larger.")]
    [InlineData("xz -Xdict-size 2M", "Invalid value '2M' for the xz option -Xdict-size: it is larger than the largest block size, 1M.")]
    [InlineData("xz -Xdict-size 99999999999", "Invalid value '99999999999' for the xz option -Xdict-size: it is larger than the largest block size, 1M.")]
    [InlineData("xz -Xdict-size 40K", "Invalid value '40K' for the xz option -Xdict-size: the dictionary size must be storable in the xz header as 2^n or 2^n+2^(n+1), such as 8K, 12K, 16K, 24K or 32K, or 75%, 50%, 37.5% or 25% of the block size.")]
    [InlineData("zstd -Xcompression-level 23", "Invalid value '23' for the zstd option -Xcompression-level: expected an integer from 1 to 22.")]
    [InlineData("zstd -Xcompression-level 0", "Invalid value '0' for the zstd option -Xcompression-level: expected an integer from 1 to 22.")]
    [InlineData("lzo -Xalgorithm lzo1x_2", "Invalid value 'lzo1x_2' for the lzo option -Xalgorithm: 'lzo1x_2' is not one of lzo1x_1, lzo1x_1_11, lzo1x_1_12, lzo1x_1_15, lzo1x_999.")]
    [InlineData("lzo -Xcompression-level 10", "Invalid value '10' for the lzo option -Xcompression-level: expected an integer from 1 to 9.")]
    [InlineData("lzo -Xcompression-level 5 -Xalgorithm lzo1x_1", "The lzo option -Xcompression-level applies only to the lzo1x_999 algorithm, not to lzo1x_1.")]
    public void RefusesBadTextNamingTheBadToken(string text, string message)
    {
        string expected = message.Replace("\n", Environment.NewLine);

        FormatException exception = Assert.Throws<FormatException>(() => CompressionSettings.Parse(text));
        Assert.Equal(expected, exception.Message);

        Assert.False(CompressionSettings.TryParse(text, out CompressionSettings? settings, out string? error));
        Assert.Null(settings);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void ReportsEveryBadTokenAtOnce()
    {
        FormatException exception = Assert.Throws<FormatException>(
            () => CompressionSettings.Parse("gzip -Xcompression-level 0 -Xlevel 9 -Xwindow-size 99 -Xfoo"));

        Assert.Equal(
            [
                "Invalid value '0' for the gzip option -Xcompression-level: expected an integer from 1 to 9.",
                "Unknown option '-Xlevel' for the gzip compressor: its options are -Xcompression-level, -Xwindow-size, -Xstrategy.",
                "Invalid value '99' for the gzip option -Xwindow-size: expected an integer from 8 to 15.",
                "Unknown option '-Xfoo' for the gzip compressor: its options are -Xcompression-level, -Xwindow-size, -Xstrategy.",
            ],
            exception.Message.Split(Environment.NewLine));
    }

    [Fact]
    public void TryParseReturnsSettingsWithoutError()
    {
        Assert.True(CompressionSettings.TryParse("zstd -Xcompression-level 3", out CompressionSettings? settings, out string? error));
        Assert.Null(error);
        Assert.Equal("zstd -Xcompression-level 3", settings.ToString());
    }

    [Fact]
    public void RefusesNull()
    {
        Assert.Throws<ArgumentNullException>(() => CompressionSettings.Parse(null!));
    }
}
