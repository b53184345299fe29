using System.Runtime.Versioning;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.PortableImageFixtures;

namespace PortableService.Tests.Systemd;

/// <summary>
/// The harness proved with an image made without our builder (a tree + Debian's mksquashfs): attach, start, the
/// unit's own journal lines (one read from a file only the image has), detach. If this fails, suspect the harness;
/// if only the tests of our builder's images fail, suspect the builder.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachHandMadeImageTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private SystemdContainer Container => fixture.Container;

    [Fact]
    public void AttachStartDetach_MksquashfsImage_LogsGreetingAndMarkerAndLeavesNoUnit()
    {
        var image = fixture.ImagePath(fixture.HandMadeHelloImage);
        try
        {
            var attach = Container.Run("portablectl", "attach", image).EnsureSuccess();
            output.WriteLine(attach.ToString());
            var attachText = attach.StandardOutput + attach.StandardError;
            Assert.Contains("Copied /etc/systemd/system.attached/hello.service.", attachText, StringComparison.Ordinal);
            Assert.Contains("/usr/lib/systemd/portable/profile/default/service.conf", attachText, StringComparison.Ordinal);
            Assert.Contains($"Created symlink /etc/portables/{HelloImageName}.raw", attachText, StringComparison.Ordinal);

            var list = Container.Run("portablectl", "list", "--no-legend").EnsureSuccess();
            Assert.Matches(@$"(?m)^{HelloImageName}\s+raw\s+yes\s.*\battached\s*$", list.StandardOutput);
            Assert.Equal(
                $"RootImage={image}",
                Container.Run("systemctl", "show", "-p", "RootImage", "hello.service").EnsureSuccess().StandardOutput.Trim());

            var cursor = Container.JournalCursor();
            Container.Run("systemctl", "start", "hello.service").EnsureSuccess();
            var lines = Container.WaitForUnitJournal("hello.service", cursor, l => l.Contains(HelloGreeting) && l.Contains(HelloMarker));
            output.WriteLine("hello.service logged:" + Environment.NewLine + string.Join(Environment.NewLine, lines));
            Assert.Equal([HelloGreeting, HelloMarker], lines);
            Assert.Equal(
                "Result=success",
                Container.Run("systemctl", "show", "-p", "Result", "hello.service").EnsureSuccess().StandardOutput.Trim());

            var detach = Container.Run("portablectl", "detach", HelloImageName).EnsureSuccess();
            output.WriteLine(detach.ToString());
            Assert.Contains("Removed /etc/systemd/system.attached/hello.service.", detach.StandardOutput + detach.StandardError, StringComparison.Ordinal);

            var cat = Container.Run("systemctl", "cat", "hello.service");
            Assert.False(cat.Succeeded, "systemctl cat hello.service still finds the unit: " + cat);
            Assert.Equal(
                "LoadState=not-found",
                Container.Run("systemctl", "show", "-p", "LoadState", "hello.service").EnsureSuccess().StandardOutput.Trim());
            Assert.DoesNotContain(HelloImageName, Container.Run("portablectl", "list").EnsureSuccess().StandardOutput, StringComparison.Ordinal);
            // is-attached prints the state and exits 0 either way (systemd 252 and 257).
            Assert.Equal("detached", Container.Run("portablectl", "is-attached", HelloImageName).StandardOutput.Trim());
            Assert.False(Container.Run("test", "-e", "/etc/systemd/system.attached/hello.service").Succeeded);
        }
        finally
        {
            fixture.EnsureDetached(HelloImageName);
        }
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachHandMadeImageTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachHandMadeImageTests(fixture, output);
}
