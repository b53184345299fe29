using System.Net.Sockets;
using PortableService.Spec;
using PortableService.Tests.TestSupport;
using PortableService.Validation;

namespace PortableService.Tests.Validation;

public sealed class SpecValidatorContentsTests : IDisposable
{
    private readonly SpecFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private PortableServiceSpec WithContents(params ContentSpec[] contents) => _fixture.Spec() with { Contents = contents };

    [Fact]
    public void FilesDirectoriesAndSymlinksToThem_AreFine()
    {
        string directory = _fixture.Directory.CreateDirectory("share/hello");
        string link = _fixture.Directory.Symlink("hello-link", _fixture.Payload);
        var spec = WithContents(
            new ContentSpec(_fixture.Payload),
            new ContentSpec(directory, "/usr/share/hello"),
            new ContentSpec(link, "opt/hello"),
            new ContentSpec(_fixture.Payload, "/etc/systemd/system/hello.service.d/override.conf"));
        Assert.Empty(SpecValidator.Validate(spec));
    }

    [Fact]
    public void MissingSource_IsPS1401()
    {
        string missing = _fixture.Directory.Combine("missing");
        DiagnosticAssert.Single(SpecValidator.Validate(WithContents(new ContentSpec(missing))), "PS1401", "$.contents[0]", missing, "does not exist");
    }

    [Fact]
    public void EmptySource_IsPS1401()
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithContents(new ContentSpec("", "/opt/x"))), "PS1401", "$.contents[0]", "source is empty");
    }

    [Fact]
    public void DanglingSource_IsPS1402()
    {
        string link = _fixture.Directory.Symlink("dangling", "/nonexistent/thing");
        DiagnosticAssert.Single(SpecValidator.Validate(WithContents(new ContentSpec(link, "/opt/x"))), "PS1402", "$.contents[0]", "symlink to '/nonexistent/thing'");
    }

    [Fact]
    public void DeviceSource_IsPS1415_NamingTheOptIn_AndAllowedWithIt()
    {
        DiagnosticAssert.Single(
            SpecValidator.Validate(WithContents(new ContentSpec("/dev/null", "/opt/null"))), "PS1415", "$.contents[0]", "character device", "\"allowDevices\": true");
        Assert.Empty(SpecValidator.Validate(WithContents(new ContentSpec("/dev/null", "/opt/null") { AllowDevices = true })));
    }

    [Fact]
    public void SocketSource_IsPS1403()
    {
        string path = _fixture.Directory.Combine("app.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        DiagnosticAssert.Single(SpecValidator.Validate(WithContents(new ContentSpec(path, "/srv/app.sock.copy"))), "PS1403", "$.contents[0]", "socket");
    }

    [Theory]
    [InlineData("", "path is empty")]
    [InlineData("/", "image root itself")]
    public void EmptyOrRootTarget_IsPS1404(string target, string why)
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithContents(new ContentSpec(_fixture.Payload, target))), "PS1404", "$.contents[0].target", why);
    }

    [Fact]
    public void SourceAtTheRootWithoutTarget_IsPS1404()
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithContents(new ContentSpec("/"))), "PS1404", "$.contents[0]", "image root itself");
    }

    [Fact]
    public void TargetClimbingAboveTheRoot_IsPS1405()
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithContents(new ContentSpec(_fixture.Payload, "../x"))), "PS1405", "$.contents[0].target", "climbs above the image root");
    }

    [Theory]
    [InlineData("/etc/os-release", "'/etc/os-release'")]
    [InlineData("/etc/resolv.conf", "'/etc/resolv.conf'")]
    [InlineData("/var", "the directory '/var'")]
    [InlineData("/proc", "the directory '/proc'")]
    public void TargetOverTheScaffold_IsPS1406(string target, string what)
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithContents(new ContentSpec(_fixture.Payload, target))), "PS1406", "$.contents[0].target", what);
    }

    [Fact]
    public void TargetOverAUnit_IsPS1407()
    {
        var spec = WithContents(new ContentSpec(_fixture.Payload, "/etc/systemd/system/hello.service"));
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1407", "$.contents[0].target", "the unit 'hello.service'");
    }

    [Fact]
    public void TwoSourcesAtOneTarget_IsPS1408_OnTheLater()
    {
        string other = _fixture.Directory.Write("other", "x");
        var spec = WithContents(new ContentSpec(_fixture.Payload, "/opt/x"), new ContentSpec(other, "/opt/x"));
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1408", "$.contents[1].target", "'/opt/x'", "$.contents[0]", _fixture.Payload);
    }

    [Fact]
    public void TheSameContentTwice_IsFine()
    {
        var spec = WithContents(new ContentSpec(_fixture.Payload), new ContentSpec(_fixture.Payload));
        Assert.Empty(SpecValidator.Validate(spec));
    }
}
