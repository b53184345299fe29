using PortableService.Inspection;
using PortableService.Systemd;
using PortableService.Tests.TestSupport;
using Squashfs;
using Xunit.Abstractions;

namespace PortableService.Tests.DotNet;

/// <summary>
/// <c>dotnet publish -t:PublishPortableService</c> on the apps of <see cref="DotNetTestApps"/>: each image has what the
/// runtime loads, <c>inspect</c> passes it under the profile it is built for, and under chroot the self-test line
/// prints. The same images start under real systemd in <c>PortablectlAttachDotNetTests</c>.
/// </summary>
public sealed class PublishPortableServiceTests(ITestOutputHelper output)
{
    [Fact]
    public void FrameworkDependentImageHasTheFrameworkAndRebuildsOnlyOnChange()
    {
        var app = DotNetTestApps.Worker;
        var image = app.Image(DotNetTestApps.FrameworkDependent).Path;
        output.WriteLine(app.Image(DotNetTestApps.FrameworkDependent).ToString());
        AssertRuntimeNeeds(image, "/usr/share/dotnet/shared/Microsoft.NETCore.App/", jit: true);
        using (var reader = SquashfsReader.Open(image))
        {
            Assert.NotNull(reader.Resolve("/usr/share/dotnet/dotnet"));
            Assert.DoesNotContain(reader.Walk(), e => e.Path.EndsWith(".pdb", StringComparison.Ordinal) || e.Path.EndsWith("libcoreclrtraceptprovider.so", StringComparison.Ordinal));
        }

        var (_, built, again, rebuilt) = app.PublishTwice(DotNetTestApps.FrameworkDependent);
        output.WriteLine($"nothing changed: {again.PublishTime.TotalSeconds:0.0} s");
        Assert.Equal(built, rebuilt);

        app.Edit("Worker.cs", "\n// changed\n");
        var changed = app.Publish(DotNetTestApps.FrameworkDependent);
        output.WriteLine($"a source changed: {changed.PublishTime.TotalSeconds:0.0} s");
        Assert.NotEqual(built, File.GetLastWriteTimeUtc(image));
        AssertSelfTestRuns(image);
    }

    [Fact]
    public void SelfContainedImageShipsTheRuntimeAndRuns()
    {
        var image = DotNetTestApps.Worker.Image(DotNetTestApps.SelfContained);
        output.WriteLine(image.ToString());
        AssertRuntimeNeeds(image.Path, "/opt/app/libcoreclr.so", jit: true);
        AssertSelfTestRuns(image.Path);
    }

    [Fact]
    public void NativeAotImageRunsWithoutTheRuntime()
    {
        var image = DotNetTestApps.Worker.Image(DotNetTestApps.NativeAot);
        output.WriteLine(image.ToString());
        AssertRuntimeNeeds(image.Path, "/opt/app/app", jit: false);
        using (var reader = SquashfsReader.Open(image.Path))
        {
            Assert.Null(reader.Find("/opt/app/app.dbg"));
        }

        AssertSelfTestRuns(image.Path);
    }

    [Fact]
    public void SocketThatListenStreamWouldNotTake_IsAnErrorNamingTheProperty()
    {
        var printed = DotNetTestApps.Worker.PublishFailing(DotNetTestApps.FrameworkDependent, "-p:PortableServiceSocket=localhost:80");
        Assert.Contains("error PS2107: PortableServiceSocket 'localhost:80' is not a port", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }

    /// <summary>A content item's AllowDevices metadata is the spec's allowDevices: without it a device is refused, and a value other than true or false is named.</summary>
    [Fact]
    public void ContentItemAllowDevices_IsTheSpecsOptIn_AndABadValueIsNamed()
    {
        var refused = DotNetTestApps.Worker.PublishFailing(DotNetTestApps.FrameworkDependent, "-p:TestDevice=/dev/null");
        Assert.Contains("allowDevices", refused, StringComparison.Ordinal);

        var bad = DotNetTestApps.Worker.PublishFailing(DotNetTestApps.FrameworkDependent, "-p:TestDevice=/dev/null", "-p:TestAllowDevices=maybe");
        Assert.Contains("error PS1006: PortableServiceContent '/dev/null': AllowDevices=\"maybe\" is neither true nor false", bad, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bad, StringComparison.Ordinal);

        var allowed = DotNetTestApps.Worker.Publish(DotNetTestApps.FrameworkDependent, "allow-devices", "-p:TestDevice=/dev/null", "-p:TestAllowDevices=true");
        using var reader = SquashfsReader.Open(allowed.Path);
        Assert.Equal(Squashfs.Reading.SquashfsEntryKind.CharacterDevice, reader.Find("/opt/device")?.Kind);
    }

    /// <summary>
    /// The image holds what the runtime loads, and inspect passes it under the profile it was built for: a JIT app is
    /// flagged (PS4031) under every profile with MemoryDenyWriteExecute=yes and passes under trusted; Native AOT passes
    /// under all four.
    /// </summary>
    private static void AssertRuntimeNeeds(string image, string runtimeFile, bool jit)
    {
        using (var reader = SquashfsReader.Open(image))
        {
            var paths = reader.Walk().Select(e => e.Path).ToList();
            Assert.Contains(paths, p => p.StartsWith(runtimeFile, StringComparison.Ordinal));
            Assert.Contains(paths, p => p.Contains("/libicuuc.so.", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.Contains("/libicudata.so.", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.EndsWith("/libssl.so.3", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.EndsWith("/libcrypto.so.3", StringComparison.Ordinal));
            Assert.Contains("/etc/ssl/certs/ca-certificates.crt", paths);
            Assert.Contains("/etc/systemd/system/app.service", paths);
        }

        foreach (var profile in PortableProfile.StandardNames)
        {
            var report = ImageInspector.Inspect(image, new InspectionOptions { Profile = PortableProfile.Find(profile) });
            var flagged = report.Findings.Any(f => f.Code == InspectionCodes.JitUnderMemoryDenyWriteExecute);
            Assert.Equal(jit && profile != "trusted", flagged);
            Assert.Equal(flagged, report.HasErrors);
        }
    }

    /// <summary>
    /// Mounts the image and runs the app's self-test under chroot, as the service would start. It needs root: in CI
    /// its absence fails the test; elsewhere this part is left out.
    /// </summary>
    private static void AssertSelfTestRuns(string image)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.False(TestEnvironment.IsCi, "the chroot self-test needs root, and CI runs as root: " + Systemd.SystemdTestPrerequisites.InstallHint);
            return;
        }

        using var mount = new TempDirectory("ps-dotnet-mnt-");
        DotNetTestApps.Run("/", "mount", "-o", "loop,ro", "-t", "squashfs", image, mount.Path);
        try
        {
            DotNetTestApps.Run("/", "mount", "--bind", "/proc", Path.Join(mount.Path, "proc"));
            try
            {
                var stdout = DotNetTestApps.Run("/", "env", "-i", "HOME=/tmp", "DOTNET_ROOT=/usr/share/dotnet", "/usr/sbin/chroot", mount.Path, "/opt/app/app", "--selftest");
                Assert.Contains(DotNetSelfTest.Passed, stdout);
            }
            finally
            {
                DotNetTestApps.Run("/", "umount", Path.Join(mount.Path, "proc"));
            }
        }
        finally
        {
            DotNetTestApps.Run("/", "umount", mount.Path);
        }
    }
}
