using System.Runtime.Versioning;
using System.Text;
using PortableService.Inspection;
using Squashfs;
using Squashfs.Reading;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>
/// Nix store contents: two store paths built offline with nix-build (a script and the data file it reads by store
/// path). The unit names only the script's store path; our builder must pull it in from the unit text, and its
/// Nix closure (the data file) through Nix's references. The container has no /nix at all, so the service can only
/// have run from the image.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachNixStoreTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private SystemdContainer Container => fixture.Container;

    [Fact]
    public void AttachStart_UnitNamingAStorePath_ImageHasItsNixClosureAndTheScriptRuns()
    {
        var (greeting, hello) = BuildNixStorePaths();
        output.WriteLine($"store paths: {hello} -> {greeting}");
        Assert.Equal(new[] { greeting, hello }.Order(StringComparer.Ordinal), NixStorePaths.Requisites(hello));

        var spec = NixSpec(hello, hostShell: true);
        var unitText = NixService(hello);
        Assert.DoesNotContain(greeting, unitText, StringComparison.Ordinal);
        Assert.DoesNotContain(hello, string.Join(' ', spec.Contents.Select(c => c.Source)), StringComparison.Ordinal);

        var built = fixture.Build(spec);
        output.WriteLine($"built {built.Path} in {built.Elapsed.TotalSeconds:0.00} s: {built.Size} bytes, {built.ClosureItems} closure items");
        Assert.Equal(NixImageName + ".raw", Path.GetFileName(built.Path));
        using (var reader = SquashfsReader.Open(built.Path))
        {
            Assert.True(reader.Resolve(hello + "/bin/hello") is { Kind: SquashfsEntryKind.File }, "the unit's store path is not in the image");
            var data = reader.Resolve(greeting + "/share/greeting");
            Assert.True(data is { Kind: SquashfsEntryKind.File }, "the store path's reference (its Nix closure) is not in the image");
            Assert.Equal(NixGreeting + "\n", Encoding.UTF8.GetString(reader.ReadAllBytes(data!)));
        }

        var report = ImageInspector.Inspect(built.Path);
        Assert.False(report.HasErrors, string.Join(Environment.NewLine, report.Findings));
        Assert.Equal("nixos", report.OsRelease["ID"]);

        Assert.False(Container.Run("test", "-e", "/nix").Succeeded, "the container has a /nix of its own");
        var image = fixture.ImagePath(built);
        try
        {
            var inspect = Container.Run("portablectl", "inspect", "--cat", image).EnsureSuccess();
            Assert.Contains($"ExecStart={hello}/bin/hello", inspect.StandardOutput, StringComparison.Ordinal);

            Container.Run("portablectl", "attach", image).EnsureSuccess();
            var cursor = Container.JournalCursor();
            Container.Run("systemctl", "start", "nixhello.service").EnsureSuccess();
            var lines = Container.WaitForUnitJournal("nixhello.service", cursor, l => l.Count > 0);
            output.WriteLine("nixhello.service logged:" + Environment.NewLine + string.Join(Environment.NewLine, lines));
            Assert.Equal([$"{NixGreeting} ({hello}/bin/hello)"], lines);
            Assert.Equal("Result=success", Container.Run("systemctl", "show", "-p", "Result", "nixhello.service").EnsureSuccess().StandardOutput.Trim());

            Container.Run("portablectl", "detach", NixImageName).EnsureSuccess();
            Assert.False(Container.Run("systemctl", "cat", "nixhello.service").Succeeded);
        }
        finally
        {
            fixture.EnsureDetached(NixImageName);
        }
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachNixStoreTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachNixStoreTests(fixture, output);
}
