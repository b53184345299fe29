using PortableService.Spec;
using PortableService.Systemd;

namespace PortableService.Tests.Spec;

public sealed class PortableServiceSpecTests
{
    private static PortableServiceSpec Hello() => new("hello", "2.12.1", [UnitSource.FromFile("units/hello.service")]);

    [Fact]
    public void Defaults_AreNixpkgs()
    {
        var spec = Hello();
        Assert.Equal("xz -Xdict-size 100%", spec.SquashCompression);
        Assert.Equal("1M", spec.SquashBlockSize);
        Assert.Null(spec.Description);
        Assert.Null(spec.Homepage);
        Assert.Null(spec.SquashfsTools);
        Assert.Empty(spec.Symlinks);
        Assert.Empty(spec.Contents);
        Assert.Empty(spec.OsRelease);
        Assert.Equal("hello_2.12.1.raw", spec.ImageFileName);
    }

    [Fact]
    public void With_OverridesFieldsAndKeepsTheRest()
    {
        var spec = Hello() with { Description = "d" };
        var overridden = spec with { Version = "3.0", SquashCompression = "zstd" };
        Assert.Equal("3.0", overridden.Version);
        Assert.Equal("zstd", overridden.SquashCompression);
        Assert.Equal("d", overridden.Description);
        Assert.Equal("2.12.1", spec.Version);
    }

    [Fact]
    public void Equality_ComparesListsElementByElement()
    {
        var a = Hello() with { Symlinks = [new SymlinkSpec("/x", "/y")], OsRelease = new Dictionary<string, string> { ["A"] = "1" } };
        var b = Hello() with { Symlinks = [new SymlinkSpec("/x", "/y")], OsRelease = new Dictionary<string, string> { ["A"] = "1" } };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Symlinks = [new SymlinkSpec("/x", "/z")] });
        Assert.NotEqual(a, b with { OsRelease = new Dictionary<string, string> { ["A"] = "2" } });
    }

    [Fact]
    public void ResolvePaths_MakesRelativeHostPathsAbsolute()
    {
        var spec = Hello() with
        {
            Symlinks = [new SymlinkSpec("ssl", "etc/ssl")],
            Contents = [new ContentSpec("../data", "opt/data"), new ContentSpec("/abs")],
            SquashfsTools = "tools",
        };

        var resolved = spec.ResolvePaths("/srv/project");

        Assert.Equal("/srv/project/units/hello.service", ((FileUnitSource)resolved.Units[0]).Path);
        Assert.Equal(new SymlinkSpec("/srv/project/ssl", "etc/ssl"), resolved.Symlinks[0]);
        Assert.Equal(new ContentSpec("/srv/data", "opt/data"), resolved.Contents[0]);
        Assert.Equal(new ContentSpec("/abs"), resolved.Contents[1]);
        Assert.Equal("/srv/project/tools", resolved.SquashfsTools);
    }

    [Fact]
    public void NullsAreRejectedAtTheDoor()
    {
        Assert.Throws<ArgumentNullException>(() => new PortableServiceSpec(null!, "1", []));
        Assert.Throws<ArgumentNullException>(() => Hello() with { Units = null! });
        Assert.Throws<ArgumentException>(() => Hello() with { Contents = [null!] });
        Assert.Throws<ArgumentNullException>(() => UnitSource.Inline("x.service", null!));
    }

    [Fact]
    public void ContentImageTarget_IsTheNormalisedTargetOrTheSource()
    {
        Assert.Equal("/opt/x", new ContentSpec("/src", "opt//x/").ImageTarget);
        Assert.Equal("/nix/store/abc-hello", new ContentSpec("/nix/store/abc-hello").ImageTarget);
        Assert.Null(new ContentSpec("/src", "..").ImageTarget);
    }
}
