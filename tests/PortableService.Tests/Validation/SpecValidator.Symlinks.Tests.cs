using PortableService.Spec;
using PortableService.Tests.TestSupport;
using PortableService.Validation;

namespace PortableService.Tests.Validation;

public sealed class SpecValidatorSymlinksTests : IDisposable
{
    private readonly SpecFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private PortableServiceSpec WithSymlinks(params SymlinkSpec[] symlinks) => _fixture.Spec() with { Symlinks = symlinks };

    private SymlinkSpec Link(string symlink) => new(_fixture.Payload, symlink);

    [Theory]
    [InlineData("/etc/ssl")]
    [InlineData("etc/ssl")]
    [InlineData("//etc/./ssl/")]
    [InlineData("/usr/../etc/ssl")]
    [InlineData("/bin/sh")]
    [InlineData("/var/lib/hello/data")]
    [InlineData("/etc/systemd/system/hello.service.d")]
    public void SymlinksBelowTheRootWithoutClashes_AreFine(string symlink)
    {
        Assert.Empty(SpecValidator.Validate(WithSymlinks(Link(symlink))));
    }

    [Theory]
    [InlineData("", "path is empty")]
    [InlineData("/", "image root itself")]
    [InlineData("./", "image root itself")]
    [InlineData("etc/..", "image root itself")]
    [InlineData("/etc/\0ssl", "NUL")]
    public void EmptyOrRootSymlink_IsPS1301(string symlink, string why)
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithSymlinks(Link(symlink))), "PS1301", "$.symlinks[0].symlink", why);
    }

    [Theory]
    [InlineData("../etc/ssl")]
    [InlineData("/etc/../../ssl")]
    public void SymlinkClimbingAboveTheRoot_IsPS1302(string symlink)
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithSymlinks(Link(symlink))), "PS1302", "$.symlinks[0].symlink", "climbs above the image root", "'..'");
    }

    [Theory]
    [InlineData("/etc/systemd/system", "/etc/systemd/system")]
    [InlineData("/etc", "/etc")]
    [InlineData("var", "/var")]
    [InlineData("/tmp", "/tmp")]
    [InlineData("/var/log/", "/var/log")]
    [InlineData("/etc/systemd", "/etc/systemd")]
    public void SymlinkOverAScaffoldDirectory_IsPS1303(string symlink, string directory)
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithSymlinks(Link(symlink))), "PS1303", "$.symlinks[0].symlink", $"the directory '{directory}'", "choose another path");
    }

    [Theory]
    [InlineData("/etc/resolv.conf", "mount point")]
    [InlineData("/etc/machine-id", "mount point")]
    [InlineData("/etc/os-release", "osRelease")]
    [InlineData("/etc/os-release/x", "osRelease")]
    public void SymlinkOverAScaffoldFile_IsPS1303(string symlink, string why)
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithSymlinks(Link(symlink))), "PS1303", "$.symlinks[0].symlink", why);
    }

    [Theory]
    [InlineData("/etc/systemd/system/hello.service")]
    [InlineData("/etc/systemd/system/hello.service/x")]
    public void SymlinkOverAUnit_IsPS1304(string symlink)
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithSymlinks(Link(symlink))), "PS1304", "$.symlinks[0].symlink", "the unit 'hello.service'");
    }

    [Theory]
    [InlineData("/bin/sh", "/bin/sh", "")]
    [InlineData("/usr/bin", "/usr/bin/sh", "inside the other")]
    [InlineData("/usr/bin/sh", "/usr/bin", "inside the other")]
    public void SymlinkOverlappingAnEarlierSymlink_IsPS1305_OnTheLater(string first, string second, string how)
    {
        var diagnostic = DiagnosticAssert.Single(
            SpecValidator.Validate(WithSymlinks(Link(first), Link(second))), "PS1305", "$.symlinks[1].symlink", "the symlink", "$.symlinks[0]");
        Assert.Contains(how, diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/opt/app")]
    [InlineData("/opt/app/bin")]
    [InlineData("/opt")]
    public void SymlinkOverlappingAContentTarget_IsPS1306(string symlink)
    {
        var spec = WithSymlinks(Link(symlink)) with { Contents = [new ContentSpec(_fixture.Payload, "/opt/app")] };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1306", "$.symlinks[0].symlink", "the content '/opt/app'", "$.contents[0]");
    }

    [Fact]
    public void MissingObject_IsPS1307()
    {
        string missing = _fixture.Directory.Combine("no/such/ssl");
        var spec = WithSymlinks(new SymlinkSpec(missing, "/etc/ssl"));
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1307", "$.symlinks[0].object", missing, "does not exist");
    }

    [Fact]
    public void EmptyObject_IsPS1307()
    {
        DiagnosticAssert.Single(SpecValidator.Validate(WithSymlinks(new SymlinkSpec("", "/etc/ssl"))), "PS1307", "$.symlinks[0].object", "object is empty");
    }

    [Fact]
    public void DanglingObject_IsPS1308()
    {
        string link = _fixture.Directory.Symlink("dangling", "/nonexistent/ssl");
        var spec = WithSymlinks(new SymlinkSpec(link, "/etc/ssl"));
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1308", "$.symlinks[0].object", "symlink to '/nonexistent/ssl'", "does not exist");
    }

    [Fact]
    public void ObjectThatIsADirectoryOrASymlinkToOne_IsFine()
    {
        string directory = _fixture.Directory.CreateDirectory("cacert/etc/ssl");
        string link = _fixture.Directory.Symlink("ssl-link", directory);
        var spec = WithSymlinks(new SymlinkSpec(directory, "/etc/ssl"), new SymlinkSpec(link, "/etc/pki"));
        Assert.Empty(SpecValidator.Validate(spec));
    }
}
