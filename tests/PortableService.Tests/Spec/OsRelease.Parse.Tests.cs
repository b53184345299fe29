using PortableService.Systemd;

namespace PortableService.Tests.Spec;

public sealed class OsReleaseParseTests
{
    private const string DebianBookworm = """
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        VERSION_CODENAME=bookworm
        ID=debian
        HOME_URL="https://www.debian.org/"
        SUPPORT_URL="https://www.debian.org/support"
        BUG_REPORT_URL="https://bugs.debian.org/"

        """;

    [Fact]
    public void DebianOsRelease_IsRead()
    {
        var fields = OsRelease.Parse(DebianBookworm);
        Assert.Equal(
            ["PRETTY_NAME", "NAME", "VERSION_ID", "VERSION", "VERSION_CODENAME", "ID", "HOME_URL", "SUPPORT_URL", "BUG_REPORT_URL"],
            fields.Keys);
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", fields["PRETTY_NAME"]);
        Assert.Equal("bookworm", fields["VERSION_CODENAME"]);
        Assert.Equal("debian", fields["ID"]);
    }

    [Fact]
    public void ThisMachinesOsRelease_IsRead()
    {
        string? path = new[] { "/etc/os-release", "/usr/lib/os-release" }.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return;
        }

        var fields = OsRelease.Parse(File.ReadAllText(path));
        Assert.True(fields.ContainsKey("ID") || fields.ContainsKey("NAME"));
        Assert.All(fields, f => Assert.DoesNotContain('"', f.Value.Length > 0 ? f.Value[..1] : string.Empty));
        Assert.Equal(OsReleaseIdentity.FromHost(fields), OsReleaseIdentity.ReadHost());
    }

    [Fact]
    public void NixpkgsStyleUnquotedOsRelease_IsRead()
    {
        // What pkgs.portableService writes: unquoted values, spaces and all.
        var fields = OsRelease.Parse("PORTABLE_ID=hello\nPORTABLE_PRETTY_NAME=Hello world service\nHOME_URL=https://www.gnu.org/software/hello/\nID=nixos\nPRETTY_NAME=NixOS\nBUILD_ID=rolling\n");
        Assert.Equal("Hello world service", fields["PORTABLE_PRETTY_NAME"]);
        Assert.Equal("https://www.gnu.org/software/hello/", fields["HOME_URL"]);
        Assert.Equal("rolling", fields["BUILD_ID"]);
        Assert.Equal(6, fields.Count);
    }

    [Theory]
    [InlineData("A=\"x \\\"y\\\" \\$z \\\\ \\`w\\`\"", "x \"y\" $z \\ `w`")]
    [InlineData("A=\"keep \\n as is\"", "keep \\n as is")]
    [InlineData("A='single \"quoted\" $x \\n'", "single \"quoted\" $x \\n")]
    [InlineData("A=un\\ quoted\\\"", "un quoted\"")]
    [InlineData("A=\"con\"cat'en'ated", "concatenated")]
    [InlineData("A=trailing blanks   \t", "trailing blanks")]
    [InlineData("  A  =  leading", "leading")]
    [InlineData("A=", "")]
    [InlineData("A=\"\"", "")]
    [InlineData("A=\"unterminated", "unterminated")]
    [InlineData("A=x # not a comment", "x # not a comment")]
    [InlineData("A=\"line\\\ncontinued\"", "linecontinued")]
    [InlineData("A=\"two\nlines\"", "two\nlines")]
    public void Values_FollowShellQuoting(string text, string value) => Assert.Equal(value, OsRelease.Parse(text)["A"]);

    [Fact]
    public void CommentsBlankLinesAndNonAssignments_AreSkipped()
    {
        var fields = OsRelease.Parse("# comment\n; also a comment\n\n   \nnot an assignment\n1BAD=x\nbad-key=y\nGOOD=z\r\nlower_case=ok\r\n");
        Assert.Equal(["GOOD", "lower_case"], fields.Keys);
        Assert.Equal("z", fields["GOOD"]);
    }

    [Fact]
    public void RepeatedKey_KeepsItsPlaceAndTheLastValue()
    {
        var fields = OsRelease.Parse("A=1\nB=2\nA=3\n");
        Assert.Equal(["A", "B"], fields.Keys);
        Assert.Equal("3", fields["A"]);
    }
}
