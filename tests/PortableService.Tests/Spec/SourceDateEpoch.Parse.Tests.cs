using PortableService.Diagnostics;
using PortableService.Spec;

namespace PortableService.Tests.Spec;

public sealed class SourceDateEpochParseTests
{
    [Theory]
    [InlineData(null, 0u)]
    [InlineData("", 0u)]
    [InlineData("0", 0u)]
    [InlineData("1700000000", 1700000000u)]
    [InlineData("007", 7u)]
    [InlineData("4294967295", 4294967295u)]
    public void Digits_AreSeconds(string? value, uint expected) => Assert.Equal(expected, SourceDateEpoch.Parse(value));

    [Theory]
    [InlineData("-1", "digits only")]
    [InlineData("+1", "digits only")]
    [InlineData(" 1", "digits only")]
    [InlineData("1.5", "digits only")]
    [InlineData("1e9", "digits only")]
    [InlineData("٣", "digits only")]
    [InlineData("4294967296", "2106")]
    [InlineData("99999999999999999999999", "2106")]
    public void AnythingElse_IsPS1701(string value, string why)
    {
        var exception = Assert.Throws<DiagnosticException>(() => SourceDateEpoch.Parse(value));
        var diagnostic = Assert.Single(exception.Diagnostics);
        Assert.Equal("PS1701", diagnostic.Code);
        Assert.Equal("SOURCE_DATE_EPOCH", diagnostic.Location);
        Assert.Contains(why, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", diagnostic.Message, StringComparison.Ordinal);
        Assert.False(SourceDateEpoch.TryParse(value, out _, out string? error));
        Assert.NotNull(error);
    }
}
