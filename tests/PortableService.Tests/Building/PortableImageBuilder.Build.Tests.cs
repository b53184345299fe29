using PortableService.Building;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Tests.TestSupport;
using Squashfs.Reading;
using Squashfs.Tests.Support;
using Squashfs;

namespace PortableService.Tests.Building;

public class PortableImageBuilderBuildTests
{
    private static PortableServiceSpec HelloSpec() => SpecReader.ReadFileOrThrow(Path.Join(Repository.Example("hello"), "hello.json"));

    [Fact]
    public void HelloExample_HasNixpkgsLayout_AllRootOwned_AtEpochZero()
    {
        using var output = new TempDirectory();
        var image = PortableImageBuilder.Build(HelloSpec(), output.Path, new BuildOptions { SourceDateEpoch = 0 });

        Assert.Equal(Path.Join(output.Path, "hello_2.12.1.raw"), image.Path);
        using var reader = SquashfsReader.Open(image.Path);
        var entries = reader.Walk().ToDictionary(e => e.Path);
        foreach (var directory in new[] { "/etc/systemd/system", "/proc", "/sys", "/dev", "/run", "/tmp", "/var/tmp", "/var/lib", "/var/cache", "/var/log" })
        {
            Assert.Equal(SquashfsEntryKind.Directory, entries[directory].Kind);
            Assert.Equal((UnixFileMode)0b111_101_101, entries[directory].Mode);
        }

        foreach (var empty in new[] { "/etc/resolv.conf", "/etc/machine-id" })
        {
            Assert.Equal((SquashfsEntryKind.File, 0L), (entries[empty].Kind, entries[empty].Size));
        }

        Assert.Equal(SquashfsEntryKind.File, entries["/etc/systemd/system/hello.service"].Kind);
        Assert.Equal(File.ReadAllBytes(Path.Join(Repository.Example("hello"), "hello.service")), reader.ReadAllBytes(entries["/etc/systemd/system/hello.service"]));
        Assert.All(entries.Values, e => Assert.Equal((0u, 0u, 0u), (e.Uid, e.Gid, e.ModificationTime)));
        Assert.Equal((UnixFileMode)0b111_101_101, reader.Root.Mode);
        Assert.Equal(0u, reader.FilesystemTime);
        Assert.Equal(SquashfsEntryKind.File, reader.Resolve("/lib64/ld-linux-x86-64.so.2")!.Kind);
        Assert.Equal(SquashfsEntryKind.File, reader.Resolve("/usr/bin/echo")!.Kind);

        var listing = ExternalTool.RunChecked("unsquashfs", "-lln", "-d", "", image.Path).Stdout;
        Assert.Contains("-rw-r--r-- 0/0                       0 1970-01-01 00:00 /etc/machine-id", listing);
        Assert.Contains("drwxr-xr-x 0/0", listing);
        Assert.DoesNotContain(listing.Split('\n').Where(l => l.Length > 11), l => !l.Contains(" 0/0 ") && !l.StartsWith("Parallel", StringComparison.Ordinal) && !l.StartsWith("squashfs", StringComparison.Ordinal) && !l.Contains("inodes"));
    }

    [Fact]
    public void OsRelease_IsWrittenQuotedAndEscaped()
    {
        using var output = new TempDirectory();
        var spec = HelloSpec() with { Description = "Say \"hello\" for $5 \\ `now`", Homepage = "https://example.com/a b" };
        var image = PortableImageBuilder.Build(spec, output.Path, new BuildOptions { SourceDateEpoch = 0, HostIdentity = new OsReleaseIdentity("debian", "Debian GNU/Linux 12 (bookworm)", "12") });

        using var reader = SquashfsReader.Open(image.Path);
        var text = System.Text.Encoding.UTF8.GetString(reader.ReadAllBytes(reader.Find("/etc/os-release")!));
        Assert.Equal(
            "PORTABLE_ID=\"hello\"\n" +
            "PORTABLE_PRETTY_NAME=\"Say \\\"hello\\\" for \\$5 \\\\ \\`now\\`\"\n" +
            "HOME_URL=\"https://example.com/a b\"\n" +
            "ID=\"debian\"\n" +
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n" +
            "VERSION_ID=\"12\"\n" +
            "PORTABLE_PREFIXES=\"hello\"\n" +
            "IMAGE_ID=\"hello\"\n" +
            "IMAGE_VERSION=\"2.12.1\"\n",
            text);
    }

    [Fact]
    public void NativeAndExternalMksquashfs_GiveTheSameTree()
    {
        using var native = new TempDirectory();
        using var external = new TempDirectory();
        var spec = HelloSpec() with { Contents = [new ContentSpec("/usr/bin/env")], SquashCompression = "gzip" };
        var ours = PortableImageBuilder.Build(spec, native.Path, new BuildOptions { SourceDateEpoch = 0 });
        var theirs = PortableImageBuilder.Build(spec with { SquashfsTools = "/usr" }, external.Path, new BuildOptions { SourceDateEpoch = 0 });

        Assert.Equal("native", ours.Writer);
        Assert.Equal("/usr/bin/mksquashfs", theirs.Writer);
        string Listing(string image) => ExternalTool.RunChecked("unsquashfs", "-lln", "-d", "", image).Stdout;
        Assert.Equal(Listing(ours.Path), Listing(theirs.Path));
        using var a = SquashfsReader.Open(ours.Path);
        using var b = SquashfsReader.Open(theirs.Path);
        TreeSnapshot.FromImage(a).AssertEqual(TreeSnapshot.FromImage(b));
    }

    [Fact]
    public void SameSpec_GivesTheSameBytes_WhateverTheThreadCount()
    {
        using var one = new TempDirectory();
        using var many = new TempDirectory();
        var spec = HelloSpec() with { Contents = [new ContentSpec("/usr/bin/env"), new ContentSpec("/usr/share/common-licenses")] };
        var a = PortableImageBuilder.Build(spec, one.Path, new BuildOptions { SourceDateEpoch = 1, Parallelism = 1 });
        var b = PortableImageBuilder.Build(spec, many.Path, new BuildOptions { SourceDateEpoch = 1, Parallelism = 8 });
        Assert.Equal(a.Sha256, b.Sha256);
        Assert.Equal(File.ReadAllBytes(a.Path), File.ReadAllBytes(b.Path));
    }

    [Fact]
    public void CancelledBuild_LeavesNoFile_AndKeepsTheExistingImage()
    {
        using var output = new TempDirectory();
        var spec = HelloSpec() with { Contents = [new ContentSpec("/usr/share/dotnet/shared")] };
        var existing = Path.Join(output.Path, "hello_2.12.1.raw");
        File.WriteAllText(existing, "the previous image");
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Stage == BuildStage.Writing && p.FilesDone > 10)
            {
                cancellation.Cancel();
            }
        });

        // The runtime's LTTng tracing provider needs a library that is not installed: allowed, it is not what this tests.
        var options = new BuildOptions { Closure = new global::PortableService.Closure.ClosureOptions { AllowMissing = true } };
        Assert.ThrowsAny<OperationCanceledException>(() => PortableImageBuilder.Build(spec, output.Path, options, progress, cancellation.Token));
        Assert.Equal("the previous image", File.ReadAllText(existing));
        Assert.Equal([existing], Directory.GetFiles(output.Path));
    }

    [Fact]
    public void ContentWithTarget_LandsAtTheTarget_WithTheLibrariesOfItsPrograms()
    {
        using var work = new TempDirectory();
        var app = work.CreateDirectory("publish");
        File.Copy("/usr/bin/env", Path.Join(app, "app"));
        work.Write("publish/app.json", "{}");
        var spec = HelloSpec() with { Contents = [new ContentSpec(app, "/opt/app")] };
        var image = PortableImageBuilder.Build(spec, work.CreateDirectory("out"), new BuildOptions { SourceDateEpoch = 0 });

        using var reader = SquashfsReader.Open(image.Path);
        Assert.NotNull(reader.Find("/opt/app/app"));
        Assert.NotNull(reader.Find("/opt/app/app.json"));
        Assert.Null(reader.Find(app));
        Assert.NotNull(reader.Resolve("/lib/x86_64-linux-gnu/libc.so.6"));
    }

    [Fact]
    public void HelloExample_RunsUnderChroot_InTheKernelMountedImage()
    {
        using var output = new TempDirectory();
        var image = PortableImageBuilder.Build(HelloSpec(), output.Path);
        using var mount = new LoopMount(image.Path, Path.Join(output.Path, "mnt"));
        var run = ExternalTool.RunChecked("chroot", mount.Path, "/usr/bin/echo", "Hello, world!");
        Assert.Equal("Hello, world!\n", run.Stdout);
    }

    [Fact]
    public void ProgramNamedWithoutDirectory_IsFoundOnThePath_AndIncluded()
    {
        using var output = new TempDirectory();
        var spec = new PortableServiceSpec("hello", "1", [UnitSource.Inline("hello.service", "[Service]\nExecStart=env\n")]);
        var image = PortableImageBuilder.Build(spec, output.Path, new BuildOptions { SourceDateEpoch = 0 });

        Assert.False(global::PortableService.Inspection.ImageInspector.Inspect(image.Path).HasErrors);
        using var reader = SquashfsReader.Open(image.Path);
        Assert.NotNull(reader.Resolve("/usr/bin/env"));
    }

    /// <summary>Calls back on the reporting thread, unlike <see cref="Progress{T}"/>, so a test can cancel at a precise point.</summary>
    private sealed class SynchronousProgress(Action<BuildProgress> report) : IProgress<BuildProgress>
    {
        public void Report(BuildProgress value) => report(value);
    }
}
