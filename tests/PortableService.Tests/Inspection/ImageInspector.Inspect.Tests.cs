using PortableService.Inspection;
using PortableService.Systemd;
using PortableService.Tests.TestSupport;
using Squashfs.Tree;
using Squashfs;

namespace PortableService.Tests.Inspection;

/// <summary>Our checks, on images made wrong on purpose (each missing one thing a valid image has).</summary>
public class ImageInspectorInspectTests
{
    private const string OsRelease = "ID=test\nPORTABLE_PREFIXES=hello\n";

    /// <summary>A valid portable tree: scaffold, os-release, hello.service running /usr/bin/env with its libraries from the host.</summary>
    private static ImageDirectory ValidTree(string osRelease = OsRelease, string unitName = "hello.service", string unitText = "[Service]\nExecStart=/usr/bin/env\n")
    {
        var root = ImageDirectory.CreateRoot();
        foreach (var directory in new[] { "etc/systemd/system", "proc", "sys", "dev", "run", "tmp", "var/tmp" })
        {
            root.GetOrCreateDirectory(directory);
        }

        var etc = root.GetOrCreateDirectory("etc");
        etc.Add(new ImageFile("resolv.conf", FileContent.FromBytes([])));
        etc.Add(new ImageFile("machine-id", FileContent.FromBytes([])));
        etc.Add(new ImageFile("os-release", FileContent.FromBytes(System.Text.Encoding.UTF8.GetBytes(osRelease))));
        root.GetOrCreateDirectory("etc/systemd/system").Add(new ImageFile(unitName, FileContent.FromBytes(System.Text.Encoding.UTF8.GetBytes(unitText))));
        root.GetOrCreateDirectory("usr/bin").Add(new ImageFile("env", FileContent.FromFile("/usr/bin/env"), (UnixFileMode)0b111_101_101));
        var libraries = root.GetOrCreateDirectory("usr/lib/x86_64-linux-gnu");
        libraries.Add(new ImageFile("libc.so.6", FileContent.FromFile("/usr/lib/x86_64-linux-gnu/libc.so.6"), (UnixFileMode)0b111_101_101));
        libraries.Add(new ImageFile("ld-linux-x86-64.so.2", FileContent.FromFile("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"), (UnixFileMode)0b111_101_101));
        root.Add(new ImageSymlink("lib", "usr/lib"));
        root.Add(new ImageSymlink("lib64", "usr/lib/x86_64-linux-gnu"));
        return root;
    }

    private static InspectionReport Inspect(ImageDirectory root, string name = "hello_1.raw")
    {
        using var work = new TempDirectory();
        var path = Path.Join(work.Path, name);
        SquashfsWriter.Write(root, path, new SquashfsWriterOptions { Compression = Squashfs.Compression.CompressionSettings.Parse("lz4") });
        return ImageInspector.Inspect(path);
    }

    private static void AssertFinding(InspectionReport report, string code, bool error = true)
    {
        var finding = Assert.Single(report.Findings, f => f.Code == code);
        Assert.Equal(error, finding.Severity == Diagnostics.DiagnosticSeverity.Error);
        Assert.Equal(error, report.HasErrors);
    }

    [Fact]
    public void ValidImage_PassesEveryCheck()
    {
        var report = Inspect(ValidTree());
        Assert.Empty(report.Findings);
        Assert.Equal(["hello"], report.Prefixes);
        Assert.Equal("test", report.OsRelease["ID"]);
        Assert.Equal("hello.service", Assert.Single(report.Units).Name);
    }

    [Fact]
    public void WrongSuffixAndPrefix_AreFlagged()
    {
        var report = Inspect(ValidTree(), "hello world.img");
        Assert.Contains(report.Findings, f => f.Code == InspectionCodes.NotRaw);
        Assert.Contains(report.Findings, f => f.Code == InspectionCodes.InvalidPrefix);
    }

    [Fact]
    public void UnitWithoutThePrefix_IsNotAttached()
    {
        var report = Inspect(ValidTree(unitName: "hellothere.service"));
        AssertFinding(report, InspectionCodes.NoUnits);
        Assert.Empty(report.Units);
    }

    [Fact]
    public void NoOsRelease_IsAnError()
    {
        var root = ValidTree();
        root.GetOrCreateDirectory("etc").Remove("os-release");
        AssertFinding(Inspect(root), InspectionCodes.NoOsRelease);
    }

    [Fact]
    public void OsReleaseInUsrLib_ThroughASymlink_IsFound()
    {
        var root = ValidTree();
        root.GetOrCreateDirectory("etc").Remove("os-release");
        root.GetOrCreateDirectory("etc").Add(new ImageSymlink("os-release", "../usr/lib/os-release"));
        root.GetOrCreateDirectory("usr/lib").Add(new ImageFile("os-release", FileContent.FromBytes(System.Text.Encoding.UTF8.GetBytes(OsRelease))));
        Assert.Empty(Inspect(root).Findings);
    }

    [Fact]
    public void EmptyId_IsAnError()
    {
        AssertFinding(Inspect(ValidTree(osRelease: "ID=\nPORTABLE_PREFIXES=hello\n")), InspectionCodes.NoId);
    }

    [Fact]
    public void NoPortablePrefixes_IsOnlyAWarning()
    {
        AssertFinding(Inspect(ValidTree(osRelease: "ID=test\n")), InspectionCodes.NoPortablePrefixes, error: false);
    }

    [Theory]
    [InlineData("proc")]
    [InlineData("dev")]
    [InlineData("var/tmp")]
    public void MissingMountPointDirectory_IsAnError(string path)
    {
        var root = ValidTree();
        var slash = path.LastIndexOf('/');
        var parent = slash < 0 ? root : (ImageDirectory)root.Find(path[..slash])!;
        parent.Remove(path[(slash + 1)..]);
        AssertFinding(Inspect(root), InspectionCodes.MissingMountPoint);
    }

    [Fact]
    public void MissingResolvConf_IsAnError()
    {
        var root = ValidTree();
        root.GetOrCreateDirectory("etc").Remove("resolv.conf");
        AssertFinding(Inspect(root), InspectionCodes.MissingMountPoint);
    }

    [Fact]
    public void AbsoluteSymlinkUnit_IsAnError()
    {
        var root = ValidTree(unitName: "hello-real.service");
        root.GetOrCreateDirectory("etc/systemd/system").Add(new ImageSymlink("hello.service", "/etc/systemd/system/hello-real.service"));
        Assert.Contains(Inspect(root).Findings, f => f.Code == InspectionCodes.UnitAbsoluteSymlink);
    }

    [Fact]
    public void MissingProgram_IsAnError()
    {
        AssertFinding(Inspect(ValidTree(unitText: "[Service]\nExecStart=-/usr/bin/hello --greeting x\n")), InspectionCodes.ProgramMissing);
    }

    [Fact]
    public void RelativeProgram_IsFoundOnSystemdsSearchPath()
    {
        Assert.Empty(Inspect(ValidTree(unitText: "[Service]\nExecStart=env FOO=1\n")).Findings);
    }

    [Fact]
    public void MissingLibrary_IsAnError()
    {
        var root = ValidTree();
        root.GetOrCreateDirectory("usr/lib/x86_64-linux-gnu").Remove("libc.so.6");
        var report = Inspect(root);
        AssertFinding(report, InspectionCodes.LibraryMissing);
        Assert.Contains("libc.so.6", report.Findings.Single().Message);
    }

    [Fact]
    public void MissingLoader_IsAnError()
    {
        var root = ValidTree();
        root.Remove("lib64");
        AssertFinding(Inspect(root), InspectionCodes.InterpreterMissing);
    }

    [Fact]
    public void ServiceWithoutExecStart_IsAnError()
    {
        AssertFinding(Inspect(ValidTree(unitText: "[Service]\nType=oneshot\n")), InspectionCodes.NoExecStart);
    }
}
