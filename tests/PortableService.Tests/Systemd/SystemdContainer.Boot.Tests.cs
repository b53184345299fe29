using System.Runtime.Versioning;
using System.Diagnostics;
using Xunit.Abstractions;

namespace PortableService.Tests.Systemd;

/// <summary>The harness itself: boot with bound images, run commands, stop without leftovers.</summary>
[SupportedOSPlatform("linux")]
public abstract class SystemdContainerBootTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Boot_WithImages_RunsCommandsInsideAndStopsWithoutLeftovers()
    {
        var stopwatch = Stopwatch.StartNew();
        var container = SystemdContainer.Boot(new SystemdContainerOptions { Release = fixture.Release, ImagesToBind = [fixture.HandMadeHelloImage] });
        int nspawnPid = container.NspawnPid, leaderPid = container.LeaderPid;
        try
        {
            output.WriteLine($"{fixture.Release} root ready in {RootfsCache.GetResolveDuration(fixture.Release)?.TotalSeconds:0.0} s (first use in this process): {container.RootDirectory}");
            output.WriteLine($"fixture container: {fixture.Container.SystemState} after {fixture.Container.BootDuration.TotalSeconds:0.00} s");
            output.WriteLine($"cached boot: {container.SystemState} after {container.BootDuration.TotalSeconds:0.00} s");
            Assert.Contains(container.SystemState, new[] { "running", "degraded" });
            Assert.Equal(fixture.SystemdVersion, container.SystemdVersion);
            Assert.Equal(fixture.RootDirectory, container.RootDirectory);

            Assert.Equal("systemd", container.Run("cat", "/proc/1/comm").EnsureSuccess().StandardOutput.Trim());
            Assert.Equal(container.MachineName, container.Run("hostname").EnsureSuccess().StandardOutput.Trim());
            Assert.Equal("systemd-nspawn", container.Run("systemd-detect-virt").EnsureSuccess().StandardOutput.Trim());
            Assert.Equal("/srv/portable/hello_1.0.raw", container.ImagePath(fixture.HandMadeHelloImage));
            Assert.True(container.Run("test", "-f", "/srv/portable/hello_1.0.raw").Succeeded);
            Assert.True(container.Run("test", "-b", "/dev/loop0").Succeeded, "no loop device nodes inside");
            Assert.True(container.Run("test", "-c", "/dev/loop-control").Succeeded, "no /dev/loop-control inside");
            Assert.Equal("lo", container.RunShell("ls /sys/class/net").EnsureSuccess().StandardOutput.Trim());

            var failing = container.RunShell("echo out; echo err >&2; exit 3");
            Assert.Equal((3, "out", "err"), (failing.ExitCode, failing.StandardOutput.Trim(), failing.StandardError.Trim()));
            Assert.Throws<CommandFailedException>(() => failing.EnsureSuccess());

            var slow = container.Run(TimeSpan.FromSeconds(1), "sleep", "30");
            Assert.True(slow.TimedOut);
            Assert.False(slow.Succeeded);

            var inspect = container.Run("portablectl", "inspect", container.ImagePath(fixture.HandMadeHelloImage)).EnsureSuccess();
            Assert.Contains("hello.service", inspect.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            var stop = Stopwatch.StartNew();
            container.Stop();
            output.WriteLine($"stop: {stop.Elapsed.TotalSeconds:0.00} s; boot+checks+stop: {stopwatch.Elapsed.TotalSeconds:0.00} s");
        }

        Assert.True(container.HasExited);
        Assert.False(Directory.Exists($"/proc/{nspawnPid}") && IsNspawn(nspawnPid), "systemd-nspawn still runs");
        Assert.False(Directory.Exists($"/proc/{leaderPid}") && ReadComm(leaderPid) == "systemd", "the container's systemd still runs");
        Assert.Throws<ObjectDisposedException>(() => container.Run("true"));
        container.Dispose(); // a second stop is a no-op
    }

    [Fact]
    public void Boot_NotAnOsRoot_FailsWithTheBootLog()
    {
        var root = Directory.CreateTempSubdirectory("not-an-os-root-");
        try
        {
            var exception = Assert.Throws<SystemdContainerException>(() => SystemdContainer.Boot(new SystemdContainerOptions
            {
                Release = fixture.Release,
                RootDirectory = root.FullName,
                BootTimeout = TimeSpan.FromSeconds(30),
            }));
            output.WriteLine(exception.Message);
            Assert.Contains("systemd-nspawn exited", exception.Message, StringComparison.Ordinal);
            Assert.Contains("--- boot log", exception.Message, StringComparison.Ordinal);
            Assert.Contains(root.FullName, exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Boot_MissingImage_FailsBeforeStartingAnything()
    {
        Assert.Throws<FileNotFoundException>(() => SystemdContainer.Boot(new SystemdContainerOptions { Release = fixture.Release, ImagesToBind = ["/nonexistent/image_1.raw"] }));
    }

    private static bool IsNspawn(int pid) => ReadComm(pid) == "systemd-nspawn";

    private static string? ReadComm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : SystemdContainerBootTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : SystemdContainerBootTests(fixture, output);
}
