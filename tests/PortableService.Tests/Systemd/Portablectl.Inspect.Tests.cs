using System.Runtime.Versioning;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>What portabled reads from the images our builder made (systemd 252's portablectl inspect).</summary>
[Collection(SystemdCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class PortablectlInspectTests(SystemdContainerFixture fixture)
{
    private SystemdContainer Container => fixture.Container;

    [Fact]
    public void Inspect_HelloImage_ShowsPortablePrettyNameAndUnit()
    {
        var inspect = Container.Run("portablectl", "inspect", fixture.ImagePath(fixture.HelloImage)).EnsureSuccess();
        var lines = inspect.OutputLines.Select(l => l.Trim()).ToList();
        Assert.Equal(HelloPrettyName, lines[lines.IndexOf("Portable Service:") + 1]);
        Assert.Equal("hello.service", lines[lines.IndexOf("Unit files:") + 1]);
        Assert.Contains("Matching unit files with prefix 'hello'", inspect.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_DemoImageWithCat_ListsBothUnitsWithTheirText()
    {
        var inspect = Container.Run("portablectl", "inspect", "--cat", fixture.ImagePath(fixture.DemoImage)).EnsureSuccess();
        Assert.Contains("ListenStream=127.0.0.1:" + DemoPort, inspect.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/usr/bin/perl " + DemoServerImagePath, inspect.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PORTABLE_PREFIXES=\"demo\"", inspect.StandardOutput, StringComparison.Ordinal);
    }
}
