using System.Runtime.Versioning;
using Xunit.Abstractions;

namespace PortableService.Tests.Systemd;

/// <summary>systemd-dissect on the host (needs no systemd as PID 1, only root and loop devices).</summary>
[Collection(SystemdCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class SystemdDissectTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Dissect_HelloImage_RecognisedAsPortableService()
    {
        var dissect = SystemdTestPrerequisites.RequireTool("systemd-dissect");
        var result = ProcessRunner.Run(
            [dissect, "--no-pager", fixture.HelloImage],
            TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["SYSTEMD_COLORS"] = "0" }).EnsureSuccess();
        output.WriteLine(result.StandardOutput);
        Assert.Matches(@"(?m)^\s*(?:Use As:)?\s*(?:✓|\+) portable service\s*$", result.StandardOutput);
        Assert.Matches(@"(?m)^\s*(?:OS Release:)?\s*PORTABLE_PREFIXES=hello\s*$", result.StandardOutput);
        Assert.Matches(@"(?m)^ro\s+root\s.*\bsquashfs\b", result.StandardOutput);
    }
}
