using PortableService.Building;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Tests.Closure;
using Squashfs.Reading;
using Squashfs;

namespace PortableService.Tests.Building;

/// <summary>A unit that names a Nix store path brings that path's whole Nix closure into the image, as nixpkgs does.</summary>
public sealed class PortableImageBuilderNixTests(NixStoreFixture nix) : IClassFixture<NixStoreFixture>
{
    [ToolFact("nix-build", "nix-store")]
    public void UnitNamingAStorePath_BringsItsClosure_AndNixOsIdentity()
    {
        var program = nix.Paths["chain3"] + "/bin/run";
        var spec = new PortableServiceSpec("ps", "1", [UnitSource.Inline("ps.service", $"[Service]\nExecStart={program}\n")])
        {
            Symlinks = [new SymlinkSpec(nix.Paths["top"], "/opt/top")],
        };
        using var output = new TempDirectory();
        var image = PortableImageBuilder.Build(spec, output.Path, new BuildOptions { SourceDateEpoch = 0 });

        using var reader = SquashfsReader.Open(image.Path);
        var expected = nix.Requisites(nix.Paths["chain3"], nix.Paths["top"]);
        var store = reader.GetChildren(reader.Find(nix.StoreDirectory)!).Select(e => e.Path).Order(StringComparer.Ordinal);
        Assert.Equal(expected, store);
        Assert.Equal(File.ReadAllBytes(program), reader.ReadAllBytes(reader.Find(program)!));
        Assert.Equal(nix.Paths["top"], reader.Find("/opt/top")!.SymlinkTarget);
        var osRelease = OsRelease.Parse(System.Text.Encoding.UTF8.GetString(reader.ReadAllBytes(reader.Find("/etc/os-release")!)));
        Assert.Equal(("nixos", "NixOS", "rolling"), (osRelease["ID"], osRelease["PRETTY_NAME"], osRelease["BUILD_ID"]));
    }
}
