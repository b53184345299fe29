namespace Squashfs.Tests;

public class BlockSizeParseTests
{
    [Theory]
    [InlineData("4K", 4096)]
    [InlineData("4096", 4096)]
    [InlineData("128K", 131072)]
    [InlineData("128k", 131072)]
    [InlineData("131072", 131072)]
    [InlineData("1M", 1048576)]
    [InlineData("1m", 1048576)]
    [InlineData("1024K", 1048576)]
    [InlineData("1048576", 1048576)]
    [InlineData(" 64K ", 65536)]
    public void ParsesMksquashfsSyntax(string text, int expected)
    {
        Assert.Equal(expected, BlockSize.Parse(text));
        Assert.True(BlockSize.TryParse(text, out int parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("K")]
    [InlineData("128KB")]
    [InlineData("128 K")]
    [InlineData("1.5M")]
    [InlineData("-4K")]
    [InlineData("+4K")]
    [InlineData("0x1000")]
    [InlineData("64x")]
    [InlineData("1G")]
    public void RefusesBadSyntaxNamingTheValue(string text)
    {
        FormatException exception = Assert.Throws<FormatException>(() => BlockSize.Parse(text));

        Assert.Equal($"Invalid block size '{text}': expected a number of bytes with an optional K or M suffix, such as 4K, 128K or 1M.", exception.Message);
        Assert.False(BlockSize.TryParse(text, out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2K")]
    [InlineData("4095")]
    [InlineData("3000")]
    [InlineData("5000")]
    [InlineData("96K")]
    [InlineData("2M")]
    [InlineData("2048K")]
    [InlineData("99999999999999999")]
    public void RefusesSizesOutsideTheRuleNamingTheValue(string text)
    {
        FormatException exception = Assert.Throws<FormatException>(() => BlockSize.Parse(text));

        Assert.Equal($"Invalid block size '{text}': it must be a power of two from 4K (4096) to 1M (1048576).", exception.Message);
        Assert.False(BlockSize.TryParse(text, out _, out string? error));
        Assert.Equal(exception.Message, error);
    }

    [Fact]
    public void RefusesNull()
    {
        Assert.Throws<ArgumentNullException>(() => BlockSize.Parse(null!));
    }
}
