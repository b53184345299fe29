using PortableService.Spec;
using PortableService.Tests.TestSupport;
using PortableService.Validation;

namespace PortableService.Tests.Validation;

public sealed class SpecValidatorNamesTests : IDisposable
{
    private readonly SpecFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void ValidSpec_HasNoDiagnostics() => Assert.Empty(SpecValidator.Validate(_fixture.Spec()));

    [Fact]
    public void EmptyPname_IsPS1101()
    {
        var spec = _fixture.Spec() with { Pname = "" };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1101", "$.pname", "missing or empty", "set it");
    }

    [Theory]
    [InlineData("hello world", "a space")]
    [InlineData("hello:x", "':'")]
    [InlineData("héllo", "'é' (U+00E9)")]
    [InlineData("a/b", "'/'")]
    public void PnameWithForbiddenCharacter_IsPS1102(string pname, string shown)
    {
        var spec = _fixture.Spec() with { Pname = pname };
        var diagnostics = SpecValidator.Validate(spec);
        DiagnosticAssert.Contains(diagnostics, "PS1102", "$.pname", shown, "letters, digits, '.' and '-'");
    }

    [Fact]
    public void PnameWithUnderscore_IsPS1103_NamingWhatPortabledWouldMatch()
    {
        var spec = new PortableServiceSpec("my_app", "1.0", [UnitSource.Inline("my_app.service", "[Service]\nExecStart=/bin/true\n")]);
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1103", "$.pname", "'_'", "'my'", "Use '-'");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void DotPname_IsPS1104(string pname)
    {
        var spec = _fixture.Spec() with { Pname = pname };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1104", "$.pname", $"'{pname}'");
    }

    [Fact]
    public void EmptyVersion_IsPS1105()
    {
        var spec = _fixture.Spec() with { Version = "" };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1105", "$.version", "missing or empty");
    }

    [Theory]
    [InlineData("1.0/2", "'/'")]
    [InlineData("1.0\0", "NUL")]
    public void VersionWithSlashOrNul_IsPS1106(string version, string shown)
    {
        var spec = _fixture.Spec() with { Version = version };
        var diagnostics = SpecValidator.Validate(spec);
        DiagnosticAssert.Contains(diagnostics, "PS1106", "$.version", shown, "image file name");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void DotVersion_IsPS1107(string version)
    {
        var spec = _fixture.Spec() with { Version = version };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1107", "$.version", $"'{version}'");
    }

    [Fact]
    public void VersionWithUnderscoreAndSpaces_IsFine()
    {
        var spec = _fixture.Spec() with { Version = "2.12.1_beta 3" };
        Assert.Empty(SpecValidator.Validate(spec));
    }

    [Fact]
    public void ImageFileNameOver255Bytes_IsPS1108()
    {
        // hello_ + 246 + .raw = 256 bytes.
        var spec = _fixture.Spec() with { Version = new string('1', 246) };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1108", "$.version", "256 bytes", "255");
    }

    [Fact]
    public void ImageFileNameOf255Bytes_IsFine()
    {
        var spec = _fixture.Spec() with { Version = new string('1', 245) };
        Assert.Empty(SpecValidator.Validate(spec));
    }
}
