using System.Runtime.Versioning;
using PortableService.Inspection;
using Xunit.Abstractions;

namespace PortableService.Tests.Systemd;

/// <summary>
/// systemd-dissect of each version (run in the container, where the loop devices are; it needs no booted systemd) on
/// images our builder made.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class SystemdDissectTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Images => new() { "hello", "demo" };

    [Theory]
    [MemberData(nameof(Images))]
    public void Dissect_OurImage_RecognisedAsPortableServiceWithOurOsRelease(string which)
    {
        var image = which == "hello" ? fixture.HelloImage : fixture.DemoImage;
        var result = fixture.Dissect(image.Path).EnsureSuccess();
        output.WriteLine(result.StandardOutput);
        Assert.Matches(@"(?m)^\s*(?:Use As:)?\s*(?:✓|\+) portable service\s*$", result.StandardOutput);
        Assert.Matches(@"(?m)^\s*(?:Use As:)?\s*(?:✗|-) bootable system for container\s*$", result.StandardOutput);
        Assert.Matches($@"(?m)^\s*(?:OS Release:)?\s*PORTABLE_PREFIXES={which}\s*$", result.StandardOutput);
        Assert.Matches(@"(?m)^ro\s+root\s.*\bsquashfs\b", result.StandardOutput);

        // systemd's os-release parser and ours read the same fields from the image.
        var report = ImageInspector.Inspect(image.Path);
        Assert.Equal(report.OsRelease.OrderBy(f => f.Key, StringComparer.Ordinal), OsReleaseBlock(result.OutputLines).OrderBy(f => f.Key, StringComparer.Ordinal));
    }

    /// <summary>The "OS Release:" block: KEY=VALUE lines (values unquoted) up to the first empty line.</summary>
    private static List<KeyValuePair<string, string>> OsReleaseBlock(IReadOnlyList<string> lines)
    {
        var start = lines.ToList().FindIndex(l => l.TrimStart().StartsWith("OS Release:", StringComparison.Ordinal));
        Assert.True(start >= 0, "systemd-dissect printed no OS Release block");
        var fields = new List<KeyValuePair<string, string>>();
        for (var i = start; i < lines.Count && lines[i].Trim().Length > 0; i++)
        {
            var line = lines[i].Trim();
            line = line.StartsWith("OS Release:", StringComparison.Ordinal) ? line["OS Release:".Length..].Trim() : line;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            fields.Add(new(line[..equals], line[(equals + 1)..]));
        }

        return fields;
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : SystemdDissectTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : SystemdDissectTests(fixture, output);
}
