using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Tests.TestSupport;
using PortableService.Validation;

namespace PortableService.Tests.Validation;

public sealed class SpecValidatorOsReleaseTests : IDisposable
{
    private readonly SpecFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private PortableServiceSpec WithOsRelease(params (string Key, string Value)[] fields) =>
        _fixture.Spec() with { OsRelease = fields.ToDictionary(f => f.Key, f => f.Value) };

    [Fact]
    public void ValidOverrides_AreFine()
    {
        Assert.Empty(SpecValidator.Validate(WithOsRelease(("VERSION_ID", "2.12"), ("ID", "debian"), ("SYSEXT_LEVEL", "1"))));
    }

    [Theory]
    [InlineData("version_id")]
    [InlineData("HOME-URL")]
    [InlineData("")]
    public void BadOverrideKey_IsPS1601(string key)
    {
        string location = key.Length == 0 ? "$.osRelease['']" : key.Contains('-') ? "$.osRelease.HOME-URL" : "$.osRelease.version_id";
        DiagnosticAssert.Single(SpecValidator.Validate(WithOsRelease((key, "x"))), "PS1601", location, "not an os-release key", "upper-case letters, digits and '_'");
    }

    [Fact]
    public void LineBreakInOverride_IsPS1602()
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithOsRelease(("VARIANT", "a\nb"))), "PS1602", "$.osRelease.VARIANT", "line break", "one line");
    }

    [Theory]
    [InlineData("description")]
    [InlineData("homepage")]
    [InlineData("version")]
    public void LineBreakInDescriptionHomepageOrVersion_IsPS1602(string field)
    {
        var spec = field switch
        {
            "description" => _fixture.Spec() with { Description = "Hello\nworld" },
            "homepage" => _fixture.Spec() with { Homepage = "https://example.org/\r" },
            _ => _fixture.Spec() with { Version = "1.0\n" },
        };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1602", "$." + field, "line break");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Debian")]
    [InlineData("my os")]
    public void InvalidIdOverride_IsPS1603(string id)
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithOsRelease(("ID", id))), "PS1603", "$.osRelease.ID", "lower-case letters", "portabled refuses");
    }

    [Fact]
    public void HomepageThatIsNotAUrl_IsWarningPS1604()
    {
        var diagnostic = DiagnosticAssert.Single(SpecValidator.Validate(_fixture.Spec() with { Homepage = "example.org" }), "PS1604", "$.homepage", "absolute URL");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        SpecValidator.ValidateOrThrow(_fixture.Spec() with { Homepage = "example.org" }); // Warnings do not stop a build.
    }
}
