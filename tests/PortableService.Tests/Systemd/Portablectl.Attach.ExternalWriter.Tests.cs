using System.Runtime.Versioning;
using System.Text.Json;
using PortableService.Inspection;
using CliRunner = PortableService.Tests.TestSupport.Cli;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>
/// The seed's hello example written by an external mksquashfs (squashfsTools = Debian's /usr, as nixpkgs' default
/// <c>pkgs.squashfsTools</c>), built through the command line: `portable-service build hello.json --squashfs-tools /usr`.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachExternalWriterTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private SystemdContainer Container => fixture.Container;

    [Fact]
    public void AttachStart_HelloWrittenByExternalMksquashfs_LogsHelloWorld()
    {
        SystemdTestPrerequisites.RequireTool("mksquashfs");
        var directory = Directory.CreateDirectory(Path.Join(fixture.ImagesDirectory, "mksquashfs")).FullName;
        var build = CliRunner.Run("build", HelloSpecPath, "--squashfs-tools", "/usr", "--output", directory, "--source-date-epoch", "0", "--json");
        output.WriteLine(build.Stdout + build.Stderr);
        Assert.True(build.ExitCode == 0, $"portable-service build exited with {build.ExitCode}: {build.Stderr}");
        using var summary = JsonDocument.Parse(build.Stdout);
        var path = summary.RootElement.GetProperty("path").GetString()!;
        Assert.Equal(Path.Join(directory, HelloImageName + ".raw"), path);
        Assert.Equal("/usr/bin/mksquashfs", summary.RootElement.GetProperty("writer").GetString());

        // mksquashfs, unlike our writer by default, writes an NFS export table: the image really is its work.
        var superblock = ProcessRunner.Run([SystemdTestPrerequisites.RequireTool("unsquashfs"), "-s", path], TimeSpan.FromSeconds(30)).EnsureSuccess();
        Assert.Contains("Filesystem is exportable via NFS", superblock.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Compression xz", superblock.StandardOutput, StringComparison.Ordinal);

        var report = ImageInspector.Inspect(path);
        Assert.False(report.HasErrors, string.Join(Environment.NewLine, report.Findings));

        var image = fixture.ImagePath(path);
        try
        {
            var attach = Container.Run("portablectl", "attach", image).EnsureSuccess();
            Assert.Contains($"Created symlink /etc/portables/{HelloImageName}.raw → {image}.", attach.StandardOutput + attach.StandardError, StringComparison.Ordinal);
            var cursor = Container.JournalCursor();
            Container.Run("systemctl", "start", "hello.service").EnsureSuccess();
            Assert.Equal([HelloGreeting], Container.WaitForUnitJournal("hello.service", cursor, l => l.Count > 0));
            Assert.Equal("Result=success", Container.Run("systemctl", "show", "-p", "Result", "hello.service").EnsureSuccess().StandardOutput.Trim());

            Container.Run("portablectl", "detach", HelloImageName).EnsureSuccess();
            Assert.False(Container.Run("systemctl", "cat", "hello.service").Succeeded);
        }
        finally
        {
            fixture.EnsureDetached(HelloImageName);
        }
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachExternalWriterTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachExternalWriterTests(fixture, output);
}
