using System.Net.Sockets;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Tests.TestSupport;
using PortableService.Validation;

namespace PortableService.Tests.Validation;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SpecValidatorUnitsTests : IDisposable
{
    private readonly SpecFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private PortableServiceSpec WithUnits(params UnitSource[] units) => _fixture.Spec() with { Units = units };

    private string UnitFile(string name, string text = SpecFixture.UnitText) => _fixture.Directory.Write("units/" + name, text);

    [Fact]
    public void NoUnits_IsABaseImage_PS1201Warning()
    {
        var warning = DiagnosticAssert.Single(SpecValidator.Validate(WithUnits()), "PS1201", "$.units", "base image", "'hello.service'");
        Assert.Equal(Diagnostics.DiagnosticSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void NoUnits_InAnExtension_IsFine()
    {
        Assert.Empty(SpecValidator.Validate(WithUnits() with { Type = "extension" }));
    }

    [Theory]
    [InlineData("hello.service")]
    [InlineData("hello-worker.service")]
    [InlineData("hello.worker.socket")]
    [InlineData("hello@.service")]
    [InlineData("hello@instance.service")]
    [InlineData("hello.target")]
    [InlineData("hello-nightly.timer")]
    [InlineData("hello.path")]
    public void UnitsPortabledAttaches_AreFine(string name)
    {
        Assert.Empty(SpecValidator.Validate(WithUnits(UnitSource.FromFile(UnitFile(name)))));
    }

    [Theory]
    [InlineData("hello world.service", "U+0020")]
    [InlineData("hello.bogus", "'.bogus' is not a unit type")]
    [InlineData("hello", "no type suffix")]
    [InlineData("@hello.service", "starts with '@'")]
    [InlineData("hello$.service", "'$'")]
    public void InvalidUnitName_IsPS1202(string name, string why)
    {
        var spec = WithUnits(UnitSource.Inline(name, SpecFixture.UnitText));
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1202", "$.units[0].name", $"'{name}'", "not a valid unit name", why);
    }

    [Fact]
    public void UnitNameOf256Bytes_IsPS1202()
    {
        string name = "hello-" + new string('x', 256 - "hello-.service".Length) + ".service";
        Assert.Equal(256, name.Length);
        var spec = WithUnits(UnitSource.Inline(name, SpecFixture.UnitText));
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1202", "$.units[0].name", "longer than 255 bytes");
    }

    [Theory]
    [InlineData("hello.mount")]
    [InlineData("hello.slice")]
    public void UnitTypePortabledIgnores_IsPS1203(string name)
    {
        var spec = WithUnits(UnitSource.FromFile(UnitFile(name)));
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1203", "$.units[0]", $"'{name}'", ".service, .socket, .target, .timer and .path");
    }

    [Theory]
    [InlineData("hellox.service")] // nixpkgs' plain prefix test accepts this; portabled does not.
    [InlineData("hell.service")]
    [InlineData("other.service")]
    [InlineData("hello_x.service")]
    public void UnitNotMatchingPortabledsPrefixRule_IsPS1204(string name)
    {
        var spec = WithUnits(UnitSource.FromFile(UnitFile(name)));
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1204", "$.units[0]", $"'{name}'", "portabled would not attach", "'hello' followed by '-', '.', '@' or nothing");
    }

    [Fact]
    public void MissingUnitFile_IsPS1205()
    {
        string path = _fixture.Directory.Combine("nope/hello.service");
        DiagnosticAssert.Single(SpecValidator.Validate(WithUnits(UnitSource.FromFile(path))), "PS1205", "$.units[0]", path, "does not exist");
    }

    [Fact]
    public void EmptyUnitPath_IsPS1205()
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithUnits(UnitSource.FromFile(""))), "PS1205", "$.units[0]", "path is empty");
    }

    [Fact]
    public void UnitPathToDirectory_IsPS1206()
    {
        string directory = _fixture.Directory.CreateDirectory("hello.service.d/hello.service");
        DiagnosticAssert.Single(SpecValidator.Validate(WithUnits(UnitSource.FromFile(directory))), "PS1206", "$.units[0]", "is a directory", "unit file itself");
    }

    [Fact]
    public void UnitPathToSocket_IsPS1206()
    {
        string path = _fixture.Directory.Combine("hello.socket");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        DiagnosticAssert.Single(SpecValidator.Validate(WithUnits(UnitSource.FromFile(path))), "PS1206", "$.units[0]", "is a socket");
    }

    [Fact]
    public void DanglingUnitSymlink_IsPS1207()
    {
        string link = _fixture.Directory.Symlink("links/hello.service", "/nonexistent/hello.service");
        DiagnosticAssert.Single(SpecValidator.Validate(WithUnits(UnitSource.FromFile(link))), "PS1207", "$.units[0]", "symlink to '/nonexistent/hello.service'", "does not exist");
    }

    [Fact]
    public void UnitSymlinkToRegularFile_IsFine()
    {
        string link = _fixture.Directory.Symlink("links/hello.service", _fixture.UnitPath);
        Assert.Empty(SpecValidator.Validate(WithUnits(UnitSource.FromFile(link))));
    }

    [Fact]
    public void StorePathUnit_IsNamedAfterTheDerivation()
    {
        string path = _fixture.Directory.Write("nix/store/8c20z1vh7z8w8dwagl8w87b45dn5k6iq-hello.service", SpecFixture.UnitText);
        Assert.Empty(SpecValidator.Validate(WithUnits(UnitSource.FromFile(path))));
    }

    [Fact]
    public void EmptyUnitFile_IsPS1208()
    {
        string path = UnitFile("hello.service", "");
        DiagnosticAssert.Single(SpecValidator.Validate(WithUnits(UnitSource.FromFile(path))), "PS1208", "$.units[0]", "is empty");
    }

    /// <summary>Every file in /proc says size 0: a unit file there is named for what it is, not called empty.</summary>
    [Fact]
    public void UnitFileInProc_IsPS1214_NotEmpty()
    {
        var path = _fixture.Directory.Combine("units", "hello-proc.service");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, "/proc/self/status");

        DiagnosticAssert.Single(SpecValidator.Validate(WithUnits(UnitSource.FromFile(path))), "PS1214", "$.units[0]", "is in /proc, which the kernel makes up as it is read, not a unit file");
    }

    [Fact]
    public void DuplicateUnitNames_IsPS1209_OnTheSecond()
    {
        var spec = WithUnits(UnitSource.FromFile(_fixture.UnitPath), UnitSource.Inline("hello.service", SpecFixture.UnitText));
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1209", "$.units[1].name", "'hello.service'", "already used by $.units[0]");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t")]
    public void EmptyInlineText_IsPS1210(string text)
    {
        var spec = WithUnits(UnitSource.Inline("hello.service", text));
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1210", "$.units[0].text", "'hello.service'", "is empty");
    }

    [Fact]
    public void UnreadableUnitFile_IsPS1211()
    {
        // Root reads any file with permission bits; a write-only sysfs attribute refuses even root. Elsewhere mode 000 does.
        string link = _fixture.Directory.Combine("links/hello.service");
        if (Environment.UserName == "root" || Environment.IsPrivilegedProcess)
        {
            const string writeOnly = "/sys/bus/pci/rescan";
            Assert.True(File.Exists(writeOnly), $"{writeOnly} is missing: as root, this test needs a write-only sysfs attribute to have a file that cannot be read.");

            _fixture.Directory.Symlink("links/hello.service", writeOnly);
        }
        else
        {
            string file = UnitFile("hello.service");
            File.SetUnixFileMode(file, UnixFileMode.None);
            link = file;
        }

        DiagnosticAssert.Single(SpecValidator.Validate(WithUnits(UnitSource.FromFile(link))), "PS1211", "$.units[0]", "cannot be read");
    }
}
