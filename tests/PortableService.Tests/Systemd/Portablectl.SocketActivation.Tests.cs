using System.Runtime.Versioning;
using System.Globalization;
using Xunit.Abstractions;
using PortableService.Inspection;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>
/// A socket-activated, long-running pair (demo.socket with Accept=no + demo.service), as in nixpkgs'
/// systemd-portabled NixOS test, built by our builder from host files (the perl from the unit's ExecStart=, its
/// libraries from the closure, the server script mapped in as contents): attach --now --runtime, serve connections,
/// detach --now --runtime.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlSocketActivationTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private SystemdContainer Container => fixture.Container;

    [Fact]
    public void AttachNow_SocketActivatedDemoBuiltByOurBuilder_ServesConnectionsFromOneProcessUntilDetached()
    {
        var report = ImageInspector.Inspect(fixture.DemoImage.Path);
        Assert.False(report.HasErrors, string.Join(Environment.NewLine, report.Findings));
        Assert.Equal(["demo.service", "demo.socket"], report.Units.Select(u => u.Name).Order(StringComparer.Ordinal));
        var image = fixture.ImagePath(fixture.DemoImage);
        try
        {
            var cursor = Container.JournalCursor();
            var attach = Container.Run("portablectl", "attach", "--now", "--runtime", image).EnsureSuccess();
            output.WriteLine(attach.ToString());
            var attachText = attach.StandardOutput + attach.StandardError;
            Assert.Contains("/run/systemd/system.attached/demo.socket", attachText, StringComparison.Ordinal);
            Assert.Contains("/run/systemd/system.attached/demo.service", attachText, StringComparison.Ordinal);
            Assert.Equal("active", Container.Run("systemctl", "is-active", "demo.socket").StandardOutput.Trim());

            var first = Connect();
            var second = Connect();
            Assert.StartsWith(DemoReply, first, StringComparison.Ordinal);
            Assert.StartsWith(DemoReply, second, StringComparison.Ordinal);
            // Accept=no: one long-running server answered both connections.
            Assert.Equal(first, second);

            Assert.Equal("active", Container.Run("systemctl", "is-active", "demo.service").StandardOutput.Trim());
            var mainPid = Container.Run("systemctl", "show", "-p", "MainPID", "--value", "demo.service").EnsureSuccess().StandardOutput.Trim();
            Assert.NotEqual("0", mainPid);

            var lines = Container.WaitForUnitJournal("demo.service", cursor, l => l.Count(x => x == "demo: served a client") >= 2);
            output.WriteLine("demo.service logged:" + Environment.NewLine + string.Join(Environment.NewLine, lines));
            Assert.Contains(lines, l => l.StartsWith("demo: listening on fd 3 as PID ", StringComparison.Ordinal));

            var detach = Container.Run("portablectl", "detach", "--now", "--runtime", DemoImageName).EnsureSuccess();
            output.WriteLine(detach.ToString());

            var status = Container.Run("systemctl", "status", "demo.service");
            Assert.False(status.Succeeded, "demo.service is still known after detach: " + status);
            Assert.NotEqual("active", Container.Run("systemctl", "is-active", "demo.socket").StandardOutput.Trim());
            Assert.False(Container.Run("systemctl", "cat", "demo.socket").Succeeded);
            var refused = Container.Run(TimeSpan.FromSeconds(10), "bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{DemoPort}");
            Assert.False(refused.Succeeded, "the port still accepts connections after detach");
            Assert.DoesNotContain(DemoImageName, Container.Run("portablectl", "list").EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            fixture.EnsureDetached(DemoImageName);
        }
    }

    /// <summary>Connects with bash's /dev/tcp (minbase has no curl, nc or python) and reads the reply.</summary>
    private string Connect()
    {
        var port = DemoPort.ToString(CultureInfo.InvariantCulture);
        var result = Container.Run(
            TimeSpan.FromSeconds(20), "timeout", "15", "bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{port} && cat <&3").EnsureSuccess();
        return result.StandardOutput.Trim();
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlSocketActivationTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlSocketActivationTests(fixture, output);
}
