using System.Runtime.Versioning;
using PortableService.Inspection;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>
/// The seed's hello example (examples/hello/hello.json) built by our builder, end to end as the seed shows it:
/// portablectl inspect, attach, systemctl start hello, "Hello, world!" in the journal, detach.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private SystemdContainer Container => fixture.Container;

    [Fact]
    public void AttachStartDetach_SeedHelloExampleBuiltByOurBuilder_LogsHelloWorldAndLeavesNoUnit()
    {
        var built = fixture.HelloImage;
        output.WriteLine($"built {built.Path} with the {built.Writer} writer in {built.Elapsed.TotalSeconds:0.00} s: {built.Size} bytes, {built.ClosureItems} closure items");
        Assert.Equal(HelloImageName + ".raw", Path.GetFileName(built.Path));
        Assert.Equal("native", built.Writer);
        var report = ImageInspector.Inspect(built.Path);
        Assert.False(report.HasErrors, string.Join(Environment.NewLine, report.Findings));
        Assert.Equal(["hello.service"], report.Units.Select(u => u.Name));

        var image = fixture.ImagePath(built);
        try
        {
            var inspect = Container.Run("portablectl", "inspect", image).EnsureSuccess();
            output.WriteLine(inspect.ToString());
            var inspectLines = inspect.OutputLines.Select(l => l.Trim()).ToList();
            Assert.Equal(HelloPrettyName, inspectLines[inspectLines.IndexOf("Portable Service:") + 1]);
            Assert.Equal("hello.service", inspectLines[inspectLines.IndexOf("Unit files:") + 1]);
            Assert.Contains("Matching unit files with prefix 'hello'", inspect.StandardError, StringComparison.Ordinal);

            var attach = Container.Run("portablectl", "attach", image).EnsureSuccess();
            output.WriteLine(attach.ToString());
            var attachText = attach.StandardOutput + attach.StandardError;
            Assert.Contains("Written /etc/systemd/system.attached/hello.service.d/20-portable.conf.", attachText, StringComparison.Ordinal);
            Assert.Contains("Created symlink /etc/systemd/system.attached/hello.service.d/10-profile.conf → /usr/lib/systemd/portable/profile/default/service.conf.", attachText, StringComparison.Ordinal);
            Assert.Contains("Copied /etc/systemd/system.attached/hello.service.", attachText, StringComparison.Ordinal);
            Assert.Contains($"Created symlink /etc/portables/{HelloImageName}.raw → {image}.", attachText, StringComparison.Ordinal);

            Assert.Matches(@$"(?m)^{HelloImageName}\s+raw\s+yes\s.*\battached\s*$", Container.Run("portablectl", "list", "--no-legend").EnsureSuccess().StandardOutput);
            Assert.Equal($"RootImage={image}", Container.Run("systemctl", "show", "-p", "RootImage", "hello.service").EnsureSuccess().StandardOutput.Trim());

            var cursor = Container.JournalCursor();
            Container.Run("systemctl", "start", "hello").EnsureSuccess();
            Container.WaitForUnitJournal("hello.service", cursor, l => l.Contains(HelloGreeting));
            var about = Container.ReadJournalAbout("hello.service", cursor);
            output.WriteLine("journalctl -u hello:" + Environment.NewLine + string.Join(Environment.NewLine, about));

            // The unit's own lines (logged by echo in the unit's cgroup), not systemd's "Starting Hello world service...".
            var own = Container.ReadUnitJournalEntries("hello.service", cursor);
            var greeting = Assert.Single(own);
            Assert.Equal((HelloGreeting, "echo", "hello.service"), (greeting.Message, greeting.Identifier, greeting.SystemdUnit));
            Assert.Contains("Starting hello.service - Hello world service...", about);
            Assert.Contains("Finished hello.service - Hello world service.", about);
            Assert.Equal("Result=success", Container.Run("systemctl", "show", "-p", "Result", "hello.service").EnsureSuccess().StandardOutput.Trim());

            var detach = Container.Run("portablectl", "detach", HelloImageName).EnsureSuccess();
            output.WriteLine(detach.ToString());
            var detachText = detach.StandardOutput + detach.StandardError;
            Assert.Contains("Removed /etc/systemd/system.attached/hello.service.", detachText, StringComparison.Ordinal);
            Assert.Contains($"Removed /etc/portables/{HelloImageName}.raw.", detachText, StringComparison.Ordinal);

            var cat = Container.Run("systemctl", "cat", "hello.service");
            Assert.False(cat.Succeeded, "systemctl cat hello.service still finds the unit: " + cat);
            Assert.Equal("LoadState=not-found", Container.Run("systemctl", "show", "-p", "LoadState", "hello.service").EnsureSuccess().StandardOutput.Trim());
            Assert.DoesNotContain(HelloImageName, Container.Run("portablectl", "list").EnsureSuccess().StandardOutput, StringComparison.Ordinal);
            Assert.Equal("detached", Container.Run("portablectl", "is-attached", HelloImageName).StandardOutput.Trim());
            Assert.False(Container.Run("test", "-e", "/etc/systemd/system.attached/hello.service").Succeeded);
            Assert.False(Container.Run("test", "-e", $"/etc/portables/{HelloImageName}.raw").Succeeded);
        }
        finally
        {
            fixture.EnsureDetached(HelloImageName);
        }
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachTests(fixture, output);
}
