using System.Runtime.Versioning;
using PortableService.Building;
using PortableService.Inspection;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>
/// What portabled reads from the images our builder made (systemd 252's and 257's portablectl inspect), compared with what our
/// own <see cref="ImageInspector"/> reads from them without root or systemd.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlInspectTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private SystemdContainer Container => fixture.Container;

    public static TheoryData<string> Images => new() { "hello", "demo" };

    private BuiltImage Image(string which) => which == "hello" ? fixture.HelloImage : fixture.DemoImage;

    [Theory]
    [MemberData(nameof(Images))]
    public void Inspect_OurImage_PortabledSeesWhatOurInspectorSees(string which)
    {
        var built = Image(which);
        var report = ImageInspector.Inspect(built.Path);
        Assert.False(report.HasErrors, string.Join(Environment.NewLine, report.Findings));

        var inspect = Container.Run("portablectl", "inspect", fixture.ImagePath(built)).EnsureSuccess();
        output.WriteLine(inspect.ToString());
        Assert.Contains($"Matching unit files with prefix '{which}'", inspect.StandardError, StringComparison.Ordinal);
        var lines = inspect.OutputLines.Select(l => l.Trim()).ToList();
        Assert.Equal(report.OsRelease.GetValueOrDefault("PORTABLE_PRETTY_NAME", "n/a"), lines[lines.IndexOf("Portable Service:") + 1]);
        Assert.Equal(report.OsRelease["PRETTY_NAME"], lines[lines.IndexOf("Operating System:") + 1]);
        Assert.Equal(
            report.Units.Select(u => u.Name).Order(StringComparer.Ordinal),
            lines[(lines.IndexOf("Unit files:") + 1)..].Where(l => l.Length > 0));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void InspectCat_OurImage_PrintsTheUnitTextsAndOsReleaseOurInspectorRead(string which)
    {
        var built = Image(which);
        var report = ImageInspector.Inspect(built.Path);
        var inspect = Container.Run("portablectl", "inspect", "--cat", fixture.ImagePath(built)).EnsureSuccess();
        output.WriteLine(inspect.StandardOutput);
        Assert.Contains($"PORTABLE_PREFIXES=\"{which}\"", inspect.StandardOutput, StringComparison.Ordinal);
        foreach (var unit in report.Units)
        {
            Assert.Contains($"-- Unit file: {unit.Name} --\n{unit.Text.TrimEnd()}", inspect.StandardOutput, StringComparison.Ordinal);
        }

        if (which == "demo")
        {
            Assert.Contains("ListenStream=127.0.0.1:" + DemoPort, inspect.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("ExecStart=/usr/bin/perl " + DemoServerImagePath, inspect.StandardOutput, StringComparison.Ordinal);
        }
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlInspectTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlInspectTests(fixture, output);
}
