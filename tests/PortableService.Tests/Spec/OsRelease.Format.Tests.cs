using PortableService.Systemd;

namespace PortableService.Tests.Spec;

public sealed class OsReleaseFormatTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("with space", "\"with space\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("$HOME", "\"\\$HOME\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("`cmd`", "\"\\`cmd\\`\"")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("", "\"\"")]
    public void Quote_EscapesBackslashQuoteDollarAndBacktick(string value, string quoted) => Assert.Equal(quoted, OsRelease.Quote(value));

    [Theory]
    [InlineData("lower", "x")]
    [InlineData("A-B", "x")]
    [InlineData("", "x")]
    [InlineData("A", "x\ny")]
    [InlineData("A", "x\0")]
    public void Format_RejectsBadKeysAndMultilineValues(string key, string value) =>
        Assert.Throws<ArgumentException>(() => OsRelease.Format([new(key, value)]));

    [Fact]
    public void Format_WritesOneQuotedLinePerField() =>
        Assert.Equal("ID=\"x\"\nVERSION_ID=\"1 2\"\n", OsRelease.Format([new("ID", "x"), new("VERSION_ID", "1 2")]));
}
