using PortableService.FileTrees;
using PortableService.Inspection;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Inspection;

/// <summary>
/// inspect of image directories (<c>build --format directory</c>, what <c>portablectl attach --copy=symlink</c> takes):
/// the same report as for the squashfs image of the same spec, and reads confined to the directory whatever its
/// symlinks say.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ImageInspectorInspectDirectoriesTests : IDisposable
{
    /// <summary>A service whose checks have something to say: a missing WorkingDirectory= (an error); bash's loader and libraries (nothing).</summary>
    private const string HelloUnit = "[Service]\nExecStart=/usr/bin/bash -c 'echo hi'\nWorkingDirectory=/srv/hello\n";

    private const string AppUnit = "[Service]\nType=oneshot\nExecStart=/usr/bin/bash /usr/lib/app/run.sh\n";

    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void PortableImage_AsDirectory_GetsTheReportOfItsSquashfsImage()
    {
        var unit = _work.Write("hello.service", HelloUnit);
        string[] spec = ["--pname", "hello", "--version", "1", "--unit", unit, "--content", "/usr/bin/bash", "--no-cache", "--source-date-epoch", "0"];
        var raw = Build([.. spec, "-o", _work.CreateDirectory("raw")]);
        var directory = Build([.. spec, "--format", "directory", "-o", _work.CreateDirectory("dir")]);
        Assert.Equal("hello_1.raw", Path.GetFileName(raw));
        Assert.True(Directory.Exists(directory), directory);

        var fromRaw = InspectBoth(raw, directory, []);
        Assert.Contains($"error {InspectionCodes.WorkingDirectoryMissing}", fromRaw);
        Assert.DoesNotContain(InspectionCodes.LibraryMissing, fromRaw);
        InspectBoth(raw, directory, ["--profile", "trusted", "--cat"]);
        InspectBoth(raw, directory, ["--json"]);
        Assert.Equal(TestSupport.Cli.Run("inspect", raw, "--all-profiles").Stdout, TestSupport.Cli.Run("inspect", directory + "/", "--all-profiles").Stdout);
    }

    [Fact]
    public void Extension_AsDirectory_OverARawOrADirectoryBase_GetsTheReportOfItsSquashfsImage()
    {
        var baseRaw = Build("--pname", "base", "--version", "1", "--content", "/usr/bin/bash", "--no-cache", "-o", _work.CreateDirectory("base-raw"));
        var baseDirectory = Build("--pname", "base", "--version", "1", "--content", "/usr/bin/bash", "--no-cache", "--format", "directory", "-o", _work.CreateDirectory("base-dir"));
        var script = _work.Write("run.sh", "echo app\n");
        var unit = _work.Write("app.service", AppUnit);
        string[] spec = ["--type", "extension", "--base", baseRaw, "--pname", "app", "--version", "1.0", "--unit", unit, "--content", script + ":/usr/lib/app/run.sh", "--no-cache", "--source-date-epoch", "0"];
        var raw = Build([.. spec, "-o", _work.CreateDirectory("app-raw")]);
        var directory = Build([.. spec, "--format", "directory", "-o", _work.CreateDirectory("app-dir")]);

        var report = InspectBoth(raw, directory, ["--base", baseRaw]);
        Assert.Contains("Kind:\n    extension, matches the base", report);
        Assert.Contains("    all passed", report);
        Assert.Contains("    all passed", InspectBoth(raw, directory, ["--base", baseDirectory]));

        // Without the base the report says the services went unchecked.
        Assert.Contains(InspectionCodes.ExtensionServicesUnchecked, InspectBoth(raw, directory, []));
        var directoryReport = ImageInspector.Inspect(directory, new InspectionOptions { Base = baseDirectory });
        Assert.Equal(PortableService.Spec.ImageType.Extension, directoryReport.Kind);
        Assert.True(directoryReport.MatchesBase);
        Assert.Equal(["app.service"], directoryReport.Units.Select(u => u.Name));
    }

    [Fact]
    public void SymlinksOutOfTheDirectory_AreFollowedInsideIt_NeverOnTheHost()
    {
        // Beside the image, what a reader that followed its symlinks on the host would find.
        var outside = _work.CreateDirectory("outside");
        _work.Write("outside/systemd/system/app-host.service", "[Service]\nExecStart=/usr/bin/true\n");
        var image = _work.CreateDirectory("app_1");
        _work.Write("app_1/etc/os-release", "ID=confined\nPORTABLE_PREFIXES=app\n");
        _work.Write("app_1/etc/systemd/system/app.service", "[Service]\nExecStart=/usr/bin/escape\nExecStartPost=/opt/up/usr/bin/true\n");
        foreach (var mountPoint in new[] { "proc", "sys", "dev", "run", "tmp", "var/tmp" })
        {
            _work.CreateDirectory("app_1/" + mountPoint);
        }

        _work.Write("app_1/etc/resolv.conf", string.Empty);
        _work.Write("app_1/etc/machine-id", string.Empty);
        _work.CreateDirectory("app_1/usr/bin");
        _work.CreateDirectory("app_1/usr/lib");
        _work.CreateDirectory("app_1/opt");
        File.CreateSymbolicLink(Path.Join(image, "etc/systemd/system/app-shadow.service"), "../../../../../../../../etc/shadow");
        File.CreateSymbolicLink(Path.Join(image, "usr/bin/escape"), "/usr/bin/true");
        File.CreateSymbolicLink(Path.Join(image, "usr/lib/systemd"), Path.Join(outside, "systemd"));
        File.CreateSymbolicLink(Path.Join(image, "opt/up"), "../../../../../../../..");

        var report = ImageInspector.Inspect(image);

        Assert.Equal("confined", report.OsRelease["ID"]);
        Assert.Equal(["app.service"], report.Units.Select(u => u.Name));
        Assert.Contains(report.Findings, f => f.Code == InspectionCodes.UnitNotRegular && f.Location == "/etc/systemd/system/app-shadow.service");
        Assert.Contains(report.Findings, f => f.Code == InspectionCodes.ProgramMissing && f.Message.Contains("/usr/bin/escape", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Code == InspectionCodes.ProgramMissing && f.Message.Contains("/opt/up/usr/bin/true", StringComparison.Ordinal));
    }

    [Fact]
    public void DirectoryFileTree_NeverLeavesTheDirectory_ThroughAnyCall()
    {
        var image = _work.CreateDirectory("app_1");
        File.CreateSymbolicLink(Path.Join(image, "etc"), "/etc");
        File.CreateSymbolicLink(Path.Join(image, "up"), "..");
        _work.Write("secret", "not in the image\n");

        using var tree = DirectoryFileTree.Open(image);
        Assert.Equal(FileNodeKind.Symlink, tree.Lstat("/etc").Kind);
        Assert.Equal("/etc", tree.ReadLink("/etc"));
        Assert.Equal(FileNodeKind.Missing, tree.Lstat("/etc/passwd").Kind);
        Assert.Equal(FileNodeKind.Missing, tree.Lstat("/up/secret").Kind);
        Assert.Equal(FileNodeKind.Missing, tree.Lstat("/../secret").Kind);
        Assert.Throws<IOException>(() => tree.OpenFile("/etc/passwd"));
        Assert.Throws<IOException>(() => tree.OpenFile("/up/secret"));
        Assert.Throws<IOException>(() => tree.ListDirectory("/etc"));
        Assert.Empty(tree.ReadXattrs("/etc"));
        Assert.Equal(["etc", "up"], tree.ListDirectory("/"));

        // Resolved as the kernel would inside the image: /etc is the image's root's /etc, which is the link itself.
        var files = new PathResolver(tree);
        Assert.False(files.Resolve("/etc/passwd").Succeeded);
        Assert.Equal("/", files.Resolve("/up/up/up").RealPath);
        Assert.Null(files.ReadFile("/up/secret", 1 << 20));
    }

    [Fact]
    public void PlainDirectory_IsOnePS4058()
    {
        var directory = _work.CreateDirectory("photos");
        _work.Write("photos/cat.jpg", "meow");

        var report = ImageInspector.Inspect(directory);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(InspectionCodes.NotAnImageDirectory, finding.Code);
        Assert.Contains($"{directory} is a directory, but no image", finding.Message);
        Assert.Contains("build --format directory", finding.Message);
    }

    private static string Build(params string[] arguments)
    {
        var result = TestSupport.Cli.Run(["build", .. arguments]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Trim();
    }

    /// <summary>
    /// Runs <c>inspect</c> with <paramref name="options"/> on the squashfs image and on the directory; asserts that both
    /// exit alike and print the same, but for the image's path and format; returns the squashfs image's output.
    /// </summary>
    private static string InspectBoth(string raw, string directory, string[] options)
    {
        var fromRaw = TestSupport.Cli.Run(["inspect", raw, .. options]);
        var fromDirectory = TestSupport.Cli.Run(["inspect", directory + "/", .. options]);
        Assert.Equal(fromRaw.ExitCode, fromDirectory.ExitCode);
        Assert.Equal(fromRaw.Stderr, fromDirectory.Stderr);
        var json = options.Contains("--json");
        var (rawFormat, directoryFormat) = json ? ("\"format\":\"squashfs\"", "\"format\":\"directory\"") : ("    squashfs, unprotected", "    directory, unprotected");
        Assert.Contains(rawFormat, fromRaw.Stdout);
        Assert.Contains(directoryFormat, fromDirectory.Stdout);
        Assert.Equal(
            fromRaw.Stdout.Replace(rawFormat, "FORMAT", StringComparison.Ordinal).Replace(raw, "IMAGE", StringComparison.Ordinal),
            fromDirectory.Stdout.Replace(directoryFormat, "FORMAT", StringComparison.Ordinal).Replace(directory, "IMAGE", StringComparison.Ordinal));
        return fromRaw.Stdout;
    }
}
