using System.Runtime.Versioning;
using PortableService.Building;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;
using Squashfs;
using Squashfs.Reading;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.ExtensionImages;

namespace PortableService.Tests.Systemd;

/// <summary>
/// Layered images from our builder under real portabled: an app extension over a base image without units, attached,
/// reattached onto a newer version and detached without <c>--force</c> (its <c>extension-release.app</c> carries
/// <c>user.extension-release.strict=false</c>, which 252 needs for the versioned file name); a confext (257; 252 knows
/// none); a directory image with <c>--copy=symlink</c>; and a <c>NAME.v/</c> directory (257; 252 knows none).
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachExtensionsTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private SystemdContainer Container => fixture.Container;

    private string Sources => Path.Join(fixture.SourcesDirectory, "extensions");

    [Fact]
    public void AttachReattachDetach_AppExtensionOverBase_WorksWithoutForceAndRunsTheBasesBash()
    {
        var (baseImage, app1, app2) = BuildBaseAndApp();
        var (b, a1, a2) = (fixture.ImagePath(baseImage), fixture.ImagePath(app1), fixture.ImagePath(app2));
        try
        {
            var cursor = Container.JournalCursor();
            Container.Run("portablectl", "attach", "--now", "--runtime", "--extension", a1, b, "app").EnsureSuccess();
            var lines = Container.WaitForUnitJournal("app.service", cursor, l => l.Any(x => x.StartsWith(AppLine("1.0"), StringComparison.Ordinal)));
            output.WriteLine("app 1.0 logged: " + string.Join(" | ", lines));
            var attached = Container.Run("portablectl", "is-attached", "--extension", a1, b).EnsureSuccess().StandardOutput.Trim();
            Assert.Equal("running-runtime", attached);

            cursor = Container.JournalCursor();
            Container.Run("portablectl", "reattach", "--now", "--runtime", "--extension", a2, b, "app").EnsureSuccess();
            lines = Container.WaitForUnitJournal("app.service", cursor, l => l.Any(x => x.StartsWith(AppLine("2.0"), StringComparison.Ordinal)));
            Assert.DoesNotContain(lines, l => l.StartsWith(AppLine("1.0"), StringComparison.Ordinal));
            Assert.Equal("running-runtime", Container.Run("portablectl", "is-attached", "--extension", a2, b).EnsureSuccess().StandardOutput.Trim());

            Container.Run("portablectl", "detach", "--now", "--runtime", "--extension", a2, b, "app").EnsureSuccess();
            Assert.False(Container.Run("systemctl", "cat", "app.service").Succeeded, "app.service is still there after detach");
            Assert.Equal("detached", Container.Run("portablectl", "is-attached", "--extension", a2, b).StandardOutput.Trim());
        }
        finally
        {
            fixture.DetachLeftovers("--extension", a1, b, "app");
            fixture.DetachLeftovers("--extension", a2, b, "app");
        }
    }

    [Fact]
    public void Attach_ConfextWithAppExtension_ServiceSeesItsEtcFileOn257_RefusedOn252()
    {
        var (baseImage, app1, _) = BuildBaseAndApp();
        var conf = fixture.Build(ConfSpec(Sources, baseImage.Path), "extensions");
        var (b, a1, c) = (fixture.ImagePath(baseImage), fixture.ImagePath(app1), fixture.ImagePath(conf));
        try
        {
            var cursor = Container.JournalCursor();
            var attach = Container.Run("portablectl", "attach", "--now", "--runtime", "--extension", c, "--extension", a1, b, "app");
            output.WriteLine(attach.ToString());
            if (fixture.SystemdVersion < 255)
            {
                // Known behaviour: 252 looks for /usr/lib/extension-release.d/ only, so a confext is no extension to it.
                Assert.False(attach.Succeeded, "systemd 252 attached a confext");
                Assert.Contains("extension-release", attach.StandardError, StringComparison.Ordinal);
                return;
            }

            attach.EnsureSuccess();
            var lines = Container.WaitForUnitJournal("app.service", cursor, l => l.Contains(ConfLine));
            Assert.Contains(lines, l => l.StartsWith(AppLine("1.0"), StringComparison.Ordinal));
            Container.Run("portablectl", "detach", "--now", "--runtime", "--extension", c, "--extension", a1, b, "app").EnsureSuccess();
        }
        finally
        {
            fixture.DetachLeftovers("--extension", c, "--extension", a1, b, "app");
        }
    }

    [Fact]
    public void AttachCopySymlink_DirectoryImages_ServiceAndExtensionRun()
    {
        var hello = fixture.Build(BuiltImages.HelloSpec() with { Format = "directory" }, "directory");
        Assert.True(Directory.Exists(hello.Path), $"{hello.Path} is not a directory");
        Assert.Equal(BuiltImages.HelloImageName, Path.GetFileName(hello.Path));
        var baseImage = fixture.Build(BaseSpec(), "directory");
        var app = fixture.Build(AppSpec(Sources, "1.0", baseImage.Path) with { Format = "directory" }, "directory");
        var (h, b, a) = (fixture.ImagePath(hello), fixture.ImagePath(baseImage), fixture.ImagePath(app));
        try
        {
            var cursor = Container.JournalCursor();
            Container.Run("portablectl", "attach", "--copy=symlink", "--runtime", h).EnsureSuccess();
            Container.Run("systemctl", "start", "hello.service").EnsureSuccess();
            Container.WaitForUnitJournal("hello.service", cursor, l => l.Contains(BuiltImages.HelloGreeting));
            Container.Run("portablectl", "detach", "--runtime", h).EnsureSuccess();

            // A directory extension over a raw base: its release file is found through the xattr on 252 too.
            cursor = Container.JournalCursor();
            Container.Run("portablectl", "attach", "--copy=symlink", "--now", "--runtime", "--extension", a, b, "app").EnsureSuccess();
            Container.WaitForUnitJournal("app.service", cursor, l => l.Any(x => x.StartsWith(AppLine("1.0"), StringComparison.Ordinal)));
            Container.Run("portablectl", "detach", "--now", "--runtime", "--extension", a, b, "app").EnsureSuccess();
        }
        finally
        {
            fixture.DetachLeftovers(h);
            fixture.DetachLeftovers("--extension", a, b, "app");
        }
    }

    [Fact]
    public void AttachReattach_VersionedDirectory_TakesTheNewestOn257_RefusedOn252()
    {
        var first = fixture.Build(VersionedSpec("1"), "versioned");
        Assert.Equal(Path.Join(fixture.ImagesDirectory, "versioned", "vapp.v", "vapp_1.raw"), first.Path);
        var directory = fixture.ImagePath(Path.GetDirectoryName(first.Path)!) + "/";
        try
        {
            var cursor = Container.JournalCursor();
            var attach = Container.Run("portablectl", "attach", "--now", "--runtime", directory);
            output.WriteLine(attach.ToString());
            if (fixture.SystemdVersion < 256)
            {
                Assert.False(attach.Succeeded, "systemd 252 attached a .v/ directory");
                return;
            }

            attach.EnsureSuccess();
            Container.WaitForUnitJournal("vapp.service", cursor, l => l.Contains("vapp 1"));

            fixture.Build(VersionedSpec("2"), "versioned");
            cursor = Container.JournalCursor();
            Container.Run("portablectl", "reattach", "--now", "--runtime", directory).EnsureSuccess();
            var lines = Container.WaitForUnitJournal("vapp.service", cursor, l => l.Contains("vapp 2"));
            Assert.DoesNotContain("vapp 1", lines);
            Container.Run("portablectl", "detach", "--now", "--runtime", directory).EnsureSuccess();
        }
        finally
        {
            fixture.DetachLeftovers(directory);
        }
    }

    /// <summary>
    /// TEST-29-PORTABLE's layering scenarios: two extensions at once, reattach onto a newer base, an extension for
    /// another base version (refused, --force or not), an extension renamed on deployment (taken without --force).
    /// </summary>
    [Fact]
    public void TwoExtensions_ReattachOntoNewerBase_MismatchedBaseRefused_RenamedExtensionTaken()
    {
        var (baseImage, app1, _) = BuildBaseAndApp();
        var newerBase = fixture.Build(BaseSpec() with { Version = "2" }, "extensions");
        var greet = fixture.Build(GreetSpec(baseImage.Path), "extensions");
        var stranger = fixture.Build(AppSpec(Sources, "9.0", baseImage.Path) with { OsRelease = new Dictionary<string, string> { ["VERSION_ID"] = "99" } }, "extensions");
        var (b1, b2, a1, g, s) = (fixture.ImagePath(baseImage), fixture.ImagePath(newerBase), fixture.ImagePath(app1), fixture.ImagePath(greet), fixture.ImagePath(stranger));
        try
        {
            var cursor = Container.JournalCursor();
            Container.Run("portablectl", "attach", "--now", "--runtime", "--extension", a1, "--extension", g, b1, "app", "greet").EnsureSuccess();
            Container.WaitForUnitJournal("app.service", cursor, l => l.Any(x => x.StartsWith(AppLine("1.0"), StringComparison.Ordinal)));
            Container.WaitForUnitJournal("greet.service", cursor, l => l.Contains(GreetLine));

            cursor = Container.JournalCursor();
            Container.Run("portablectl", "reattach", "--now", "--runtime", "--extension", a1, "--extension", g, b2, "app", "greet").EnsureSuccess();
            Container.WaitForUnitJournal("app.service", cursor, l => l.Any(x => x.StartsWith(AppLine("1.0"), StringComparison.Ordinal)));
            Assert.Equal("running-runtime", Container.Run("portablectl", "is-attached", "--extension", a1, "--extension", g, b2).EnsureSuccess().StandardOutput.Trim());
            Container.Run("portablectl", "detach", "--now", "--runtime", "--extension", a1, "--extension", g, b2, "app", "greet").EnsureSuccess();

            // VERSION_ID=99 against the base's 12: refused, as inspect says, and --force (which relaxes the release file's name) does not help.
            Assert.Contains(PortableService.Inspection.ImageInspector.Inspect(stranger.Path, new PortableService.Inspection.InspectionOptions { Base = baseImage.Path }).Findings, f => f.Code == PortableService.Inspection.InspectionCodes.ExtensionBaseMismatch);
            foreach (var force in new[] { "--no-block", "--force" })
            {
                var refused = Container.Run("portablectl", "attach", force, "--now", "--runtime", "--extension", s, b1, "app");
                Assert.False(refused.Succeeded, $"portabled took an extension for another base version ({force})");
                Assert.Contains("extension-release metadata does not match the root's", refused.StandardError, StringComparison.Ordinal);
            }

            // Renamed on deployment: neither 252 nor 257 finds extension-release.renamed..., both take the one marked strict=false.
            var renamed = Path.Join(Path.GetDirectoryName(app1.Path)!, "renamed_1.0.raw");
            File.Copy(app1.Path, renamed, overwrite: true);
            var r = fixture.ImagePath(renamed);
            cursor = Container.JournalCursor();
            Container.Run("portablectl", "attach", "--now", "--runtime", "--extension", r, b1, "app").EnsureSuccess();
            Container.WaitForUnitJournal("app.service", cursor, l => l.Any(x => x.StartsWith(AppLine("1.0"), StringComparison.Ordinal)));
            Container.Run("portablectl", "detach", "--now", "--runtime", "--extension", r, b1, "app").EnsureSuccess();
        }
        finally
        {
            fixture.DetachLeftovers("--extension", a1, "--extension", g, b1, "app", "greet");
            fixture.DetachLeftovers("--extension", a1, "--extension", g, b2, "app", "greet");
            fixture.DetachLeftovers("--extension", s, b1, "app");
            fixture.DetachLeftovers("--extension", fixture.ImagePath(Path.Join(Path.GetDirectoryName(app1.Path)!, "renamed_1.0.raw")), b1, "app");
        }
    }

    /// <summary>Base and extension both from <c>NAME.v/</c> (257): attach takes the newest of each, reattach upgrades the extension.</summary>
    [Fact]
    public void VersionedBaseAndExtension_AttachAndReattachTakeTheNewestOn257()
    {
        var baseImage = fixture.Build(BaseSpec() with { Versioned = true }, "layers");
        fixture.Build(AppSpec(Sources, "1.0", baseImage.Path) with { Versioned = true }, "layers");
        var (b, a) = (fixture.ImagePath(Path.GetDirectoryName(baseImage.Path)!) + "/", fixture.ImagePath(Path.Join(fixture.ImagesDirectory, "layers", "app.v")) + "/");
        if (fixture.SystemdVersion < 256)
        {
            return;
        }

        try
        {
            var cursor = Container.JournalCursor();
            Container.Run("portablectl", "attach", "--now", "--runtime", "--extension", a, b, "app").EnsureSuccess();
            Container.WaitForUnitJournal("app.service", cursor, l => l.Any(x => x.StartsWith(AppLine("1.0"), StringComparison.Ordinal)));

            fixture.Build(AppSpec(Sources, "2.0", baseImage.Path) with { Versioned = true }, "layers");
            cursor = Container.JournalCursor();
            Container.Run("portablectl", "reattach", "--now", "--runtime", "--extension", a, b, "app").EnsureSuccess();
            Container.WaitForUnitJournal("app.service", cursor, l => l.Any(x => x.StartsWith(AppLine("2.0"), StringComparison.Ordinal)));
            Container.Run("portablectl", "detach", "--now", "--runtime", "--extension", a, b, "app").EnsureSuccess();
        }
        finally
        {
            fixture.DetachLeftovers("--extension", a, b, "app");
        }
    }

    private (BuiltImage Base, BuiltImage App1, BuiltImage App2) BuildBaseAndApp()
    {
        var baseImage = fixture.Build(BaseSpec(), "extensions");
        Assert.Contains(baseImage.Warnings, w => w.Code == "PS1201");
        var app1 = fixture.Build(AppSpec(Sources, "1.0", baseImage.Path), "extensions");
        var app2 = fixture.Build(AppSpec(Sources, "2.0", baseImage.Path), "extensions");

        // bash and libc come from the base: the extension holds its script, tr, its unit and its release file only.
        Assert.Equal(0, app1.ClosureItems);
        using var reader = SquashfsReader.Open(app1.Path);
        Assert.Null(reader.Resolve("/usr/lib/x86_64-linux-gnu/libc.so.6"));
        Assert.Null(reader.Resolve("/etc"));
        Assert.True(reader.Resolve("/usr/lib/extension-release.d/extension-release.app") is { Kind: SquashfsEntryKind.File });
        return (baseImage, app1, app2);
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachExtensionsTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachExtensionsTests(fixture, output);
}
