using Squashfs.Interop;

namespace Squashfs.Tests;

/// <summary>Names that are not UTF-8 keep their bytes apart and show them as \xNN; UTF-8 names, astral ones included, are untouched.</summary>
public class HostFileNamesDecodeTests
{
    [Fact]
    public void Latin1Byte_IsEscapedAndShown()
    {
        var name = HostFileNames.Decode([(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'.', (byte)'t']);

        Assert.True(HostFileNames.HasEscapes(name));
        Assert.Equal("caf\\xe9.t", HostFileNames.Display(name));
    }

    [Fact]
    public void TwoNamesThatDifferOnlyInBadBytes_StayApart()
    {
        Assert.NotEqual(HostFileNames.Decode([0xE9]), HostFileNames.Decode([0xE8]));
    }

    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("\U00010080 and \U0001F600")] // surrogate pairs whose second half lies in the escape range (U+DC80) or not
    [InlineData("\uFFFD")]
    public void Utf8Name_IsItself(string text)
    {
        var name = HostFileNames.Decode(System.Text.Encoding.UTF8.GetBytes(text));

        Assert.Equal(text, name);
        Assert.False(HostFileNames.HasEscapes(name));
        Assert.Equal(text, HostFileNames.Display(name));
    }

    [Fact]
    public void TruncatedSequence_EscapesEachByte()
    {
        Assert.Equal("a\\xe2\\x82", HostFileNames.Display(HostFileNames.Decode([(byte)'a', 0xE2, 0x82])));
    }
}
