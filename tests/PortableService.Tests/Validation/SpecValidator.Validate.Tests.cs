using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Tests.TestSupport;
using PortableService.Validation;

namespace PortableService.Tests.Validation;

public sealed class SpecValidatorValidateTests : IDisposable
{
    private readonly SpecFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var spec = new PortableServiceSpec("my_app", "", [UnitSource.FromFile(_fixture.Directory.Combine("missing.service"))])
        {
            Symlinks = [new SymlinkSpec("", "/etc")],
            SquashBlockSize = "3K",
            OsRelease = new Dictionary<string, string> { ["bad key"] = "x" },
        };

        string[] codes = [.. SpecValidator.Validate(spec).Select(d => d.Code)];

        Assert.Equal(["PS1103", "PS1105", "PS1205", "PS1307", "PS1303", "PS1502", "PS1601"], codes);
    }

    [Fact]
    public void ValidateOrThrow_ThrowsEveryDiagnostic()
    {
        var spec = _fixture.Spec() with { Pname = "", Version = "" };
        var exception = Assert.Throws<DiagnosticException>(() => SpecValidator.ValidateOrThrow(spec));
        Assert.Equal(["PS1101", "PS1105"], exception.Diagnostics.Select(d => d.Code));
        Assert.Contains("$.pname", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateOrThrow_PassesAValidSpec() => SpecValidator.ValidateOrThrow(_fixture.Spec());

    [Fact]
    public void ReadAndValidate_LeavesOutProblemsAboutPlacesReadingReported()
    {
        string specFile = _fixture.Directory.Write("spec.json", """
            {
              "pname": "hello",
              "version": "1.0",
              "units": ["hello.service", 42, {"name": "hello-b.service"}],
              "symlinks": [{"object": "payload/bin/hello"}]
            }
            """);

        var diagnostics = SpecValidator.Validate(SpecReader.ReadFile(specFile));

        Assert.Equal(["PS1006", "PS1007", "PS1007"], diagnostics.Select(d => d.Code));
        Assert.Equal(["$.units[1]", "$.units[2]", "$.symlinks[0]"], diagnostics.Select(d => d.Location));
    }

    [Fact]
    public void ReadAndValidate_ReportsBothKinds()
    {
        string specFile = _fixture.Directory.Write("spec.json", """{ "pname": "hello", "version": "1.0", "units": ["hello.service"], "homepag": "x", "contents": ["nope"] }""");

        var diagnostics = SpecValidator.Validate(SpecReader.ReadFile(specFile));

        Assert.Equal(["PS1004", "PS1401"], diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void ReadAndValidate_WithCommandLineOverrides()
    {
        string specFile = _fixture.Directory.Write("spec.json", """{ "units": ["hello.service"] }""");
        SpecReadResult read = SpecReader.ReadFile(specFile);

        var overridden = read with { Spec = read.Spec with { Pname = "hello", Version = "2.0" } };

        Assert.Empty(SpecValidator.Validate(overridden));
        Assert.Equal("hello_2.0.raw", SpecValidator.ValidateOrThrow(overridden).ImageFileName);
    }

    [Fact]
    public void FatalReadingProblem_IsTheOnlyDiagnostic()
    {
        string specFile = _fixture.Directory.Write("spec.json", "{ \"pname\": ");
        var diagnostic = Assert.Single(SpecValidator.Validate(SpecReader.ReadFile(specFile)));
        Assert.Equal("PS1002", diagnostic.Code);
    }
}
