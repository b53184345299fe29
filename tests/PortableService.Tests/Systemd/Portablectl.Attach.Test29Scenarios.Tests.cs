using System.Runtime.Versioning;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.Test29Images;

namespace PortableService.Tests.Systemd;

/// <summary>
/// The scenarios of systemd's test/units/TEST-29-PORTABLE.image.sh, with images built by our builder
/// (<see cref="Test29Images"/>) instead of mkosi's and util.sh's: what the script asserts, or, where systemd 252 behaves
/// otherwise whatever the image, that known behaviour. Copies under other names (app0.raw, app1_2.raw, app10.raw) are
/// made as the script makes them, with cp.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachTest29ScenariosTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private const string Attached = "/run/systemd/system.attached";

    private SystemdContainer Container => fixture.Container;

    private string Sources => Path.Join(fixture.SourcesDirectory, "test29");

    private string Images => Path.Join(fixture.ImagesDirectory, "test29");

    /// <summary>Scenario 1: minimal_0 then minimal_1 (other units), attach/reattach/list/detach; again with --force over stale files.</summary>
    [Fact]
    public void PlainImages_ReattachSwitchesUnits_ListAndDetach_AlsoWithForceOverStaleFiles()
    {
        var (m0, m1) = BuildMinimal();
        try
        {
            foreach (var force in new[] { false, true })
            {
                string[] f = force ? ["--force"] : [];
                if (force)
                {
                    // TEST-29 guards against a regression: --force must replace what an earlier attach left behind.
                    Container.RunShell($"""
                        mkdir -p {Attached}/minimal-app0.service.d
                        for f in minimal-app0.service minimal-app0.service.d/10-profile.conf minimal-app0.service.d/20-portable.conf; do
                            printf '[Unit]\nDescription=Minimal App 0\n' >{Attached}/$f
                        done
                        systemctl daemon-reload
                        """).EnsureSuccess();
                }

                Portablectl(["attach", .. f, "--now", "--runtime", m0, "minimal-app0"]).EnsureSuccess();
                Portablectl(["is-attached", .. f, "minimal-app0"]).EnsureSuccess();
                Assert.Equal("running-runtime", Portablectl(["is-attached", .. f, "minimal_0"]).EnsureSuccess().StandardOutput.Trim());
                // TEST-29 asks only that inspect succeeds: with --force (InspectImageWithExtensions) 252 and 257 list no unit files for this match.
                var inspect = Portablectl(["inspect", .. f, m0, "minimal-app0.service"]).EnsureSuccess();
                Assert.True(force || inspect.OutputLines.Contains("\tminimal-app0.service"), "inspect does not list minimal-app0.service");
                AssertActive(("minimal-app0", true), ("minimal-app0-foo", true), ("minimal-app0-bar", false));

                Portablectl(["reattach", .. f, "--now", "--runtime", m1, "minimal-app0"]).EnsureSuccess();
                Portablectl(["is-attached", .. f, "minimal-app0"]).EnsureSuccess();
                Assert.Equal("running-runtime", Portablectl(["is-attached", .. f, "minimal_1"]).EnsureSuccess().StandardOutput.Trim());
                Portablectl(["inspect", .. f, m0, "minimal-app0.service"]).EnsureSuccess();
                AssertActive(("minimal-app0", true), ("minimal-app0-foo", false), ("minimal-app0-bar", true));
                Assert.Contains(Portablectl("list").EnsureSuccess().OutputLines, l => l.StartsWith("minimal_1 ", StringComparison.Ordinal) && l.EndsWith(" running-runtime", StringComparison.Ordinal));
                Assert.Contains("/org/freedesktop/portable1/image/minimal_5f1", PortabledObjects(), StringComparison.Ordinal);

                Portablectl(["detach", .. f, "--now", "--runtime", m1, "minimal-app0"]).EnsureSuccess();
                Assert.Equal("No images.", Portablectl("list").EnsureSuccess().StandardOutput.Trim());
                Assert.DoesNotContain("/org/freedesktop/portable1/image/minimal_5f1", PortabledObjects(), StringComparison.Ordinal);
                Assert.False(Container.Run("test", "-e", $"{Attached}/minimal-app0.service").Succeeded, "a unit file is left after detach");
            }
        }
        finally
        {
            fixture.DetachLeftovers(m0, "minimal-app0");
            fixture.DetachLeftovers(m1, "minimal-app0");
            Container.RunShell($"rm -rf {Attached}/minimal-app0.service {Attached}/minimal-app0.service.d; systemctl daemon-reload");
        }
    }

    /// <summary>
    /// Scenarios 2-5 and 10: the log fields of 20-portable.conf after attach and reattach onto minimal_1; a versioned copy
    /// app0_1.0.raw without --force; app1.raw -> app1_2.raw -> app1.raw reattached; detach and attach with --force
    /// --no-reload, then daemon-reload and restart; the state both wrote under DynamicUser= kept after detach.
    /// </summary>
    [Fact]
    public void Extensions_LogFields_VersionedAndRenamedImages_NoReload_StateKept()
    {
        var (m0, m1) = BuildMinimal();
        var (app0Versioned, app1Versioned) = BuildApps();
        var (app0, app1) = (Copy(app0Versioned, "app0.raw"), Copy(app1Versioned, "app1.raw"));
        var app12 = Copy(app1, "app1_2.raw");
        Container.Run("rm", "-rf", "/var/lib/private/app0", "/var/lib/private/app1").EnsureSuccess();
        try
        {
            // 2: the log fields, after attach and after reattach onto minimal_1.
            Portablectl("attach", "--now", "--runtime", "--extension", app0, m0, "app0").EnsureSuccess();
            AssertActive(("app0", true));
            Assert.Equal("running-runtime", Portablectl("is-attached", "--extension", "app0", "minimal_0").EnsureSuccess().StandardOutput.Trim());
            AssertLogFields("minimal_0.raw");
            Portablectl("reattach", "--now", "--runtime", "--extension", app0, m1, "app0").EnsureSuccess();
            AssertActive(("app0", true));
            Assert.Equal("running-runtime", Portablectl("is-attached", "--extension", "app0", "minimal_1").EnsureSuccess().StandardOutput.Trim());
            AssertLogFields("minimal_1.raw");
            Portablectl("detach", "--now", "--runtime", "--extension", app0, m1, "app0").EnsureSuccess();

            // 3: our builder's own versioned name, without --force.
            Portablectl("attach", "--now", "--runtime", "--extension", app0Versioned, m0, "app0").EnsureSuccess();
            AssertActive(("app0", true));
            Assert.Equal("running-runtime", Portablectl("is-attached", "--extension", "app0_1", "minimal_0").EnsureSuccess().StandardOutput.Trim());
            Portablectl("detach", "--now", "--runtime", "--extension", app0Versioned, m1, "app0").EnsureSuccess();

            // 4: a version added to the file name and removed again.
            Portablectl("attach", "--now", "--runtime", "--extension", app1, m0, "app1").EnsureSuccess();
            AssertActive(("app1", true));
            Assert.Equal("running-runtime", Portablectl("is-attached", "--extension", "app1", "minimal_0").EnsureSuccess().StandardOutput.Trim());
            Portablectl("reattach", "--now", "--runtime", "--extension", app12, m1, "app1").EnsureSuccess();
            AssertActive(("app1", true));
            Assert.Equal("running-runtime", Portablectl("is-attached", "--extension", "app1_2", "minimal_1").EnsureSuccess().StandardOutput.Trim());
            Portablectl("reattach", "--now", "--runtime", "--extension", app1, m1, "app1").EnsureSuccess();
            AssertActive(("app1", true));
            Assert.Equal("running-runtime", Portablectl("is-attached", "--extension", "app1", "minimal_1").EnsureSuccess().StandardOutput.Trim());

            // 5: files swapped under a running unit, the manager told only afterwards.
            Portablectl("detach", "--force", "--no-reload", "--runtime", "--extension", app1, m1, "app1").EnsureSuccess();
            Portablectl("attach", "--force", "--no-reload", "--runtime", "--extension", app1, m0, "app1").EnsureSuccess();
            Container.Run("systemctl", "daemon-reload").EnsureSuccess();
            Container.Run("systemctl", "restart", "app1.service").EnsureSuccess();
            AssertActive(("app1", true));
            Assert.Equal("running-runtime", Portablectl("is-attached", "--extension", "app1", "minimal_0").EnsureSuccess().StandardOutput.Trim());
            Portablectl("detach", "--now", "--runtime", "--extension", app1, m0, "app1").EnsureSuccess();

            // 10: read-only images, DynamicUser= (the default profile) and StateDirectory=: the state outlives the service.
            Assert.Equal(App0State, Container.Run("cat", "/var/lib/private/app0/foo").EnsureSuccess().StandardOutput.Trim());
            Assert.Equal(App1State, Container.Run("cat", "/var/lib/private/app1/foo").EnsureSuccess().StandardOutput.Trim());
        }
        finally
        {
            fixture.DetachLeftovers("--extension", app0, m0, "app0");
            fixture.DetachLeftovers("--extension", app0, m1, "app0");
            fixture.DetachLeftovers("--extension", app0Versioned, m0, "app0");
            fixture.DetachLeftovers("--extension", app1, m0, "app1");
            fixture.DetachLeftovers("--extension", app1, m1, "app1");
            fixture.DetachLeftovers("--extension", app12, m1, "app1");
        }
    }

    /// <summary>
    /// Scenarios 6-8: an extension copied to another name attached with --force, inspect --force --cat naming it, detach
    /// --force after its file is gone; an extension and a confext together (257; 252 knows no confext); --copy=mixed
    /// copies the images and the unit but links the profile (257; 252 knows no mixed).
    /// </summary>
    [Fact]
    public void ForcedCopyOfAnExtension_DetachAfterDeletion_Confext_CopyMixed()
    {
        var (m0, _) = BuildMinimal();
        var app0 = Copy(BuildApps().App0, "app0.raw");
        var conf = fixture.ImagePath(fixture.Build(ExtensionImages.ConfSpec(Sources, Path.Join(Images, "minimal_0.raw")), "test29"));
        var app10 = Copy(app0, "app10.raw");
        try
        {
            // 6
            Portablectl("attach", "--force", "--now", "--runtime", "--extension", app10, m0, "app0").EnsureSuccess();
            AssertActive(("app0", true));
            Assert.Equal("running-runtime", Portablectl("is-attached", "--extension", app10, m0).EnsureSuccess().StandardOutput.Trim());
            var cat = Portablectl("inspect", "--force", "--cat", "--extension", app10, m0, "app0").EnsureSuccess().StandardOutput;
            Assert.Contains($"Extension Release: {app10}", cat, StringComparison.Ordinal);
            Assert.Contains("SYSEXT_IMAGE_ID=\"app0\"", cat, StringComparison.Ordinal);
            File.Delete(Path.Join(Images, "app10.raw"));
            Container.Run("systemctl", "stop", "app0.service").EnsureSuccess();
            Portablectl("detach", "--force", "--runtime", "--extension", app10, m0, "app0").EnsureSuccess();
            Assert.False(Container.Run("test", "-e", $"{Attached}/app0.service").Succeeded, "app0.service is left after detach");

            // 7
            var attach = Portablectl("attach", "--now", "--runtime", "--extension", app0, "--extension", conf, m0, "app0");
            var inspect = Portablectl("inspect", "--force", "--cat", "--extension", app0, "--extension", conf, m0, "app0");
            if (fixture.SystemdVersion < 255)
            {
                // Known behaviour: 252 reads extension-release files under /usr/lib only.
                Assert.False(attach.Succeeded, "systemd 252 attached a confext");
                Assert.Contains($"Image '{conf}' lacks extension-release data", attach.StandardError, StringComparison.Ordinal);
                Assert.Contains($"Image '{conf}' lacks extension-release data", inspect.StandardError, StringComparison.Ordinal);
            }
            else
            {
                attach.EnsureSuccess();
                AssertActive(("app0", true));
                Assert.Equal("running-runtime", Portablectl("is-attached", "--extension", app0, "--extension", conf, m0).EnsureSuccess().StandardOutput.Trim());
                Assert.Contains($"Extension Release: {conf}", inspect.EnsureSuccess().StandardOutput, StringComparison.Ordinal);
                Assert.Contains("CONFEXT_SCOPE=\"portable\"", inspect.StandardOutput, StringComparison.Ordinal);
                Portablectl("detach", "--now", "--runtime", "--extension", app0, "--extension", conf, m0, "app0").EnsureSuccess();
            }

            // 8
            var mixed = Portablectl("attach", "--copy=mixed", "--runtime", "--extension", app0, m0, "app0");
            if (fixture.SystemdVersion < 257)
            {
                // Known behaviour: 252's portablectl has no --copy=mixed.
                Assert.False(mixed.Succeeded, "systemd 252 took --copy=mixed");
                Assert.Contains("Failed to parse --copy= argument: mixed", mixed.StandardError, StringComparison.Ordinal);
                return;
            }

            mixed.EnsureSuccess();
            Container.RunShell($"""
                test -f /run/portables/app0.raw -a ! -L /run/portables/app0.raw
                test -f /run/portables/minimal_0.raw -a ! -L /run/portables/minimal_0.raw
                test -f {Attached}/app0.service -a ! -L {Attached}/app0.service
                test -L {Attached}/app0.service.d/10-profile.conf
                """).EnsureSuccess();
            Portablectl("detach", "--runtime", "--extension", app0, m0, "app0").EnsureSuccess();
        }
        finally
        {
            Container.Run("systemctl", "stop", "app0.service");
            fixture.DetachLeftovers("--extension", app10, m0, "app0");
            fixture.DetachLeftovers("--extension", app0, "--extension", conf, m0, "app0");
            fixture.DetachLeftovers("--extension", app0, m0, "app0");
        }
    }

    /// <summary>Scenario 9: app0 and app1 over one base; detaching the base alone leaves both (257); list shows all three.</summary>
    [Fact]
    public void TwoPortablesOverOneBase_DetachingOneLeavesTheOther()
    {
        var (m0, _) = BuildMinimal();
        var (app0Versioned, app1Versioned) = BuildApps();
        var (app0, app1) = (Copy(app0Versioned, "app0.raw"), Copy(app1Versioned, "app1.raw"));
        try
        {
            Portablectl("attach", "--runtime", "--extension", app0, m0, "app0").EnsureSuccess();
            Portablectl("attach", "--runtime", "--extension", app1, m0, "app1").EnsureSuccess();
            AssertAttached(app0: true, app1: true);

            // Known behaviour on 252, portabled's and not the images': list gives each image's own state, so the
            // extensions, attached only through the base, are "detached"; 257 shows all three attached.
            var list = Portablectl("list").EnsureSuccess().OutputLines;
            foreach (var (image, state) in new[] { ("minimal_0", "attached-runtime"), ("app0", fixture.SystemdVersion < 257 ? "detached" : "attached-runtime"), ("app1", fixture.SystemdVersion < 257 ? "detached" : "attached-runtime") })
            {
                Assert.Contains(list, l => l.StartsWith(image + " ", StringComparison.Ordinal) && l.EndsWith(" " + state, StringComparison.Ordinal));
            }

            var baseOnly = Portablectl("detach", "--runtime", m0, "app");
            if (fixture.SystemdVersion < 257)
            {
                // Known behaviour, portabled's and not the images': 252 takes the base alone for both attachments and
                // detaches them, the bug TEST-29 guards against.
                baseOnly.EnsureSuccess();
                AssertAttached(app0: false, app1: false);
                return;
            }

            Assert.False(baseOnly.Succeeded, "detaching the base alone removed the portables attached with extensions");
            AssertAttached(app0: true, app1: true);
            Portablectl("detach", "--runtime", "--extension", app0, m0, "app").EnsureSuccess();
            AssertAttached(app0: false, app1: true);
            Portablectl("detach", "--runtime", "--extension", app1, m0, "app").EnsureSuccess();
            AssertAttached(app0: false, app1: false);
        }
        finally
        {
            fixture.DetachLeftovers("--extension", app0, m0, "app0");
            fixture.DetachLeftovers("--extension", app1, m0, "app1");
        }
    }

    private (string Minimal0, string Minimal1) BuildMinimal() =>
        (fixture.ImagePath(fixture.Build(Minimal(Sources, "0", "foo"), "test29")), fixture.ImagePath(fixture.Build(Minimal(Sources, "1", "bar"), "test29")));

    /// <summary>app0_1.0.raw and app1_1.raw, extensions of minimal_0 (systemd's test names its copies app0.raw and app1.raw).</summary>
    private (string App0, string App1) BuildApps()
    {
        var baseImage = Path.Join(Images, "minimal_0.raw");
        return (fixture.ImagePath(fixture.Build(App0(Sources, baseImage), "test29")), fixture.ImagePath(fixture.Build(App1(Sources, baseImage), "test29")));
    }

    /// <summary>Copies an image in the test's folder to <paramref name="name"/> beside it; returns the copy's container path.</summary>
    private string Copy(string containerImage, string name)
    {
        var copy = Path.Join(Images, name);
        File.Copy(Path.Join(Images, Path.GetFileName(containerImage)), copy, overwrite: true);
        return fixture.ImagePath(copy);
    }

    private CommandResult Portablectl(params string[] arguments)
    {
        var result = Container.Run(["portablectl", .. arguments]);
        output.WriteLine(result.ToString());
        return result;
    }

    private string PortabledObjects() => Container.Run("busctl", "tree", "--no-pager", "org.freedesktop.portable1").EnsureSuccess().StandardOutput;

    private void AssertActive(params (string Unit, bool Active)[] units)
    {
        foreach (var (unit, active) in units)
        {
            var state = Container.Run("systemctl", "is-active", unit + ".service").StandardOutput.Trim();
            Assert.True(active == (state == "active"), $"{unit}.service is {state}, expected {(active ? "active" : "not active")}");
        }
    }

    /// <summary>
    /// Which of app0 and app1 are attached: their unit files, and portabled's answer for an attached one (for a detached
    /// one 257 still says attached-runtime while the other is attached over the same base, so TEST-29 does not ask).
    /// </summary>
    private void AssertAttached(bool app0, bool app1)
    {
        foreach (var (name, attached) in new[] { ("app0", app0), ("app1", app1) })
        {
            Assert.True(attached == Container.Run("test", "-f", $"{Attached}/{name}.service").Succeeded, $"{name}.service is {(attached ? "not " : string.Empty)}attached");
            if (attached)
            {
                Assert.Equal("attached-runtime", Portablectl("is-attached", "--extension", name, "minimal_0").EnsureSuccess().StandardOutput.Trim());
            }
        }
    }

    /// <summary>The LogExtraFields= portabled writes for app0 over <paramref name="root"/>.</summary>
    private void AssertLogFields(string root)
    {
        var fields = Container.Run("grep", "^LogExtraFields=", $"{Attached}/app0.service.d/20-portable.conf").EnsureSuccess().OutputLines;
        output.WriteLine(string.Join('\n', fields));
        if (fixture.SystemdVersion < 257)
        {
            // Known behaviour: 252 logs only the portable's name; the root and extension fields came later.
            Assert.Equal(["LogExtraFields=PORTABLE=app0.raw"], fields);
            return;
        }

        Assert.Contains($"LogExtraFields=PORTABLE_ROOT={root}", fields);
        Assert.Contains("LogExtraFields=PORTABLE_EXTENSION=app0.raw", fields);
        Assert.Contains("LogExtraFields=PORTABLE_EXTENSION_NAME_AND_VERSION=app0_1.0", fields);
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachTest29ScenariosTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachTest29ScenariosTests(fixture, output);
}
