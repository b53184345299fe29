using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;

namespace PortableService.Tests.Spec;

public sealed class OsReleaseWriterWriteTests
{
    private static PortableServiceSpec Hello() => new("hello", "2.12.1", [UnitSource.Inline("hello.service", "[Service]\n")]);

    private static string Write(PortableServiceSpec spec, OsReleaseIdentity identity) => OsReleaseWriter.Write(SpecValidator.ValidateOrThrow(spec), identity);

    [Fact]
    public void NixStoreImage_WithTrickyDescriptionAndHomepage_IsQuotedAsOsReleaseRequires()
    {
        var spec = Hello() with
        {
            Description = "Say \"hello\" for $5 \\ `now`",
            Homepage = "https://example.org/a b?x=$y&z=\"q\"",
        };

        string text = Write(spec, OsReleaseIdentity.NixOS);

        Assert.Equal(
            """
            PORTABLE_ID="hello"
            PORTABLE_PRETTY_NAME="Say \"hello\" for \$5 \\ \`now\`"
            HOME_URL="https://example.org/a b?x=\$y&z=\"q\""
            ID="nixos"
            PRETTY_NAME="NixOS"
            BUILD_ID="rolling"
            PORTABLE_PREFIXES="hello"
            IMAGE_ID="hello"
            IMAGE_VERSION="2.12.1"

            """.Replace("\r\n", "\n"),
            text);
    }

    [Fact]
    public void WithoutDescriptionAndHomepage_TheirFieldsAreLeftOut()
    {
        string text = Write(Hello(), OsReleaseIdentity.NixOS);
        Assert.Equal(
            "PORTABLE_ID=\"hello\"\nID=\"nixos\"\nPRETTY_NAME=\"NixOS\"\nBUILD_ID=\"rolling\"\nPORTABLE_PREFIXES=\"hello\"\nIMAGE_ID=\"hello\"\nIMAGE_VERSION=\"2.12.1\"\n",
            text);
    }

    [Fact]
    public void HostImage_TakesTheHostsIdPrettyNameAndVersionId()
    {
        var host = OsRelease.Parse("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\nID=debian\n");
        string text = Write(Hello(), OsReleaseIdentity.Choose(contentsFromNixStore: false, host));
        Assert.Equal(
            "PORTABLE_ID=\"hello\"\nID=\"debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\nPORTABLE_PREFIXES=\"hello\"\nIMAGE_ID=\"hello\"\nIMAGE_VERSION=\"2.12.1\"\n",
            text);
    }

    [Fact]
    public void Overrides_ReplaceInPlaceOrAppend()
    {
        var spec = Hello() with { OsRelease = new OrderedDictionary<string, string> { ["VARIANT"] = "Portable", ["PRETTY_NAME"] = "Hello OS", ["ID"] = "hello-os" } };
        var fields = OsReleaseWriter.BuildFields(spec, OsReleaseIdentity.NixOS);
        Assert.Equal(
            ["PORTABLE_ID", "ID", "PRETTY_NAME", "BUILD_ID", "PORTABLE_PREFIXES", "IMAGE_ID", "IMAGE_VERSION", "VARIANT"],
            fields.Keys);
        Assert.Equal("Hello OS", fields["PRETTY_NAME"]);
        Assert.Equal("hello-os", fields["ID"]);
        Assert.Equal("Portable", fields["VARIANT"]);
    }

    [Fact]
    public void HostIdentityWithAnInvalidId_IsPS1603_UnlessTheSpecSetsTheId()
    {
        var host = new OsReleaseIdentity("Not An Id");
        var exception = Assert.Throws<DiagnosticException>(() => Write(Hello(), host));
        Assert.Equal(["PS1603"], exception.Diagnostics.Select(d => d.Code));

        var spec = Hello() with { OsRelease = new Dictionary<string, string> { ["ID"] = "hello-os" } };
        Assert.Contains("ID=\"hello-os\"", Write(spec, host), StringComparison.Ordinal);
    }

    [Fact]
    public void WrittenText_ParsesBackToTheSameFields()
    {
        var spec = Hello() with { Description = "a \"b\" $c \\d `e` 'f' #g", Homepage = "https://x/" };
        var fields = OsReleaseWriter.BuildFields(spec, OsReleaseIdentity.NixOS);
        Assert.Equal(fields, OsRelease.Parse(Write(spec, OsReleaseIdentity.NixOS)));
    }
}
