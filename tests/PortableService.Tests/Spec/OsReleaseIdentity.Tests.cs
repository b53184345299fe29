using PortableService.Systemd;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Spec;

public sealed class OsReleaseIdentityTests
{
    [Fact]
    public void NixStoreContents_SayNixOS()
    {
        var identity = OsReleaseIdentity.Choose(contentsFromNixStore: true, OsRelease.Parse("ID=debian\n"));
        Assert.Equal(new OsReleaseIdentity("nixos", "NixOS", null, "rolling"), identity);
        Assert.Equal(["ID", "PRETTY_NAME", "BUILD_ID"], identity.Fields().Select(f => f.Key));
    }

    [Fact]
    public void HostWithoutOsRelease_IsLinux()
    {
        Assert.Equal(new OsReleaseIdentity("linux", "Linux"), OsReleaseIdentity.FromHost(null));
        using var root = new TempDirectory();
        Assert.Equal(OsReleaseIdentity.Linux, OsReleaseIdentity.ReadHost(root.Path));
    }

    [Theory]
    [InlineData("NAME=Foo\n", "linux", "Linux")]
    [InlineData("ID=\"\"\nPRETTY_NAME=Foo\n", "linux", "Foo")]
    [InlineData("ID=Not Valid\n", "linux", "Linux")]
    [InlineData("ID=arch\nPRETTY_NAME=\"Arch\nLinux\"\n", "arch", "Arch Linux")]
    public void HostIdThatIsMissingOrInvalid_BecomesLinux(string text, string id, string prettyName)
    {
        var identity = OsReleaseIdentity.FromHost(OsRelease.Parse(text));
        Assert.Equal(id, identity.Id);
        Assert.Equal(prettyName, identity.PrettyName);
    }

    [Fact]
    public void ReadHost_PrefersEtcThenUsrLib()
    {
        using var root = new TempDirectory();
        root.Write("usr/lib/os-release", "ID=fedora\nVERSION_ID=40\n");
        Assert.Equal(new OsReleaseIdentity("fedora", "Linux", "40"), OsReleaseIdentity.ReadHost(root.Path));
        root.Write("etc/os-release", "ID=debian\nPRETTY_NAME=\"Debian\"\n");
        Assert.Equal(new OsReleaseIdentity("debian", "Debian"), OsReleaseIdentity.ReadHost(root.Path));
    }
}
