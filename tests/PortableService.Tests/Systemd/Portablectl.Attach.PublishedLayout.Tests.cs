using System.Runtime.Versioning;
using PortableService.Spec;
using Squashfs;
using Xunit.Abstractions;

namespace PortableService.Tests.Systemd;

/// <summary>
/// The README's layout: a published app placed with <c>{"source": "pub", "target": "/opt/app"}</c> and a unit with
/// <c>ExecStart=/opt/app/app</c>. The program is found in the image being built, not on the build host (where a decoy
/// sits at the same path), and the service runs the published program under real systemd.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachPublishedLayoutTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private const string ImageName = "pubapp_1.0";

    [Fact]
    public void AttachStart_AppUnderAContentTarget_RunsThePublishedProgramNotTheHostDecoy()
    {
        var pub = Directory.CreateDirectory(Path.Join(fixture.SourcesDirectory, "pubapp", "pub")).FullName;
        File.WriteAllText(Path.Join(pub, "app"), "#!/bin/sh\necho \"published app says $1\"\n");
        File.SetUnixFileMode(Path.Join(pub, "app"), (UnixFileMode)0b111_101_101);
        var decoy = $"/opt/ps-pubapp-{Guid.NewGuid():N}";
        Directory.CreateDirectory(decoy);
        try
        {
            File.WriteAllText(Path.Join(decoy, "app"), "#!/bin/sh\necho DECOY\n");
            File.SetUnixFileMode(Path.Join(decoy, "app"), (UnixFileMode)0b111_101_101);
            var spec = new PortableServiceSpec("pubapp", "1.0", [UnitSource.Inline("pubapp.service", $"[Service]\nType=oneshot\nExecStart={decoy}/app hello\n")])
            {
                Contents = [new ContentSpec(pub, decoy), new ContentSpec("/bin/sh")],
            };
            var built = fixture.Build(spec);
            using (var reader = SquashfsReader.Open(built.Path))
            {
                Assert.Equal(File.ReadAllBytes(Path.Join(pub, "app")), reader.ReadAllBytes(reader.Find(decoy + "/app")!));
            }

            var image = fixture.ImagePath(built);
            try
            {
                fixture.Container.Run("portablectl", "attach", image).EnsureSuccess();
                var cursor = fixture.Container.JournalCursor();
                fixture.Container.Run("systemctl", "start", "pubapp.service").EnsureSuccess();
                var lines = fixture.Container.WaitForUnitJournal("pubapp.service", cursor, l => l.Contains("published app says hello") || l.Contains("DECOY"));
                output.WriteLine(string.Join(Environment.NewLine, lines));
                Assert.Contains(lines, l => l.Contains("published app says hello"));
                Assert.DoesNotContain(lines, l => l.Contains("DECOY"));
            }
            finally
            {
                fixture.EnsureDetached(ImageName);
            }
        }
        finally
        {
            Directory.Delete(decoy, recursive: true);
        }
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachPublishedLayoutTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachPublishedLayoutTests(fixture, output);
}
