using PortableService.Systemd;

namespace PortableService.Tests.Systemd;

/// <summary>Words of a unit setting as systemd's extract_first_word gives them (unquoting, C escapes).</summary>
public class UnitWordsSplitTests
{
    [Theory]
    [InlineData("/bin/echo a  b", new[] { "/bin/echo", "a", "b" })]
    [InlineData("\"/opt/my app/run\" 'x y'", new[] { "/opt/my app/run", "x y" })]
    [InlineData("A=1 \"B=two words\" C=\\x41\\t", new[] { "A=1", "B=two words", "C=A\t" })]
    [InlineData("a\\;b ; c", new[] { "a;b", ";", "c" })]
    [InlineData("   ", new string[0])]
    public void Split_GivesSystemdsWords(string value, string[] words) =>
        Assert.Equal(words, UnitWords.Split(value).Select(w => w.Word));

    [Fact]
    public void Split_TellsAnEscapedSemicolonFromASeparator() =>
        Assert.Equal([(";", true), (";", false)], UnitWords.Split("\\; ;"));
}
