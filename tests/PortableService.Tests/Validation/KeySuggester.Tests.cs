using PortableService.Spec;

namespace PortableService.Tests.Validation;

public sealed class KeySuggesterTests
{
    [Theory]
    [InlineData("pnmae", "pname")]
    [InlineData("Pname", "pname")]
    [InlineData("versoin", "version")]
    [InlineData("unit", "units")]
    [InlineData("squashfs_tools", "squashfs-tools")]
    [InlineData("squashfstools", "squashfsTools")]
    [InlineData("squashCompression", "squash-compression")]
    [InlineData("squash_block_size", "squash-block-size")]
    [InlineData("os-release", "osRelease")]
    [InlineData("homepag", "homepage")]
    [InlineData("name", "pname")]
    public void Suggest_FindsTheIntendedKey(string typed, string expected) =>
        Assert.Equal(expected, KeySuggester.Suggest(typed, SpecReader.Keys));

    [Theory]
    [InlineData("target")]
    [InlineData("foo")]
    [InlineData("x")]
    public void Suggest_StaysQuietForUnrelatedKeys(string typed) => Assert.Null(KeySuggester.Suggest(typed, SpecReader.Keys));
}
