using System.Text;
using PortableService.Building;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;
using PortableService.Diagnostics;
using PortableService.Tests.TestSupport;
using Squashfs;
using Squashfs.Reading;
using Squashfs.Tree;

namespace PortableService.Tests.Building;

/// <summary>Extensions, confext and base images, directory and versioned output, as the builder writes them.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PortableImageBuilderBuildExtensionsTests : IDisposable
{
    private static readonly BuildOptions Options = new() { SourceDateEpoch = 0, HostIdentity = new OsReleaseIdentity("debian", "Debian GNU/Linux 12 (bookworm)", "12") };

    private readonly TempDirectory _output = new();

    public void Dispose() => _output.Dispose();

    private BuiltImage BuildBase(params ContentSpec[] contents) =>
        PortableImageBuilder.Build(new PortableServiceSpec("base", "1", []) { Contents = contents, SquashCompression = "gzip" }, _output.Path, Options);

    private static PortableServiceSpec Extension(string? baseImage, params ContentSpec[] contents) =>
        new("app", "1.0", [UnitSource.Inline("app.service", "[Service]\nExecStart=/usr/bin/tr a b\n")])
        {
            Type = "extension",
            Base = baseImage,
            Contents = contents,
            SquashCompression = "gzip",
        };

    [Fact]
    public void BaseImage_WithoutUnits_IsBuiltWithPS1201Warning()
    {
        var image = BuildBase(new ContentSpec("/usr/bin/tr"));
        var warning = Assert.Single(image.Warnings, w => w.Code == "PS1201");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("base image", warning.Message);
        using var reader = SquashfsReader.Open(image.Path);
        Assert.NotNull(reader.Resolve("/etc/os-release"));
        Assert.NotNull(reader.Resolve("/proc"));

        // portabled mounts an extension's /usr and /opt over the base's own directories, and skips one the base lacks.
        Assert.Equal(SquashfsEntryKind.Directory, reader.Find("/opt")!.Kind);
        Assert.Equal(SquashfsEntryKind.Directory, reader.Find("/usr")!.Kind);
    }

    [Fact]
    public void Extension_OverBase_HoldsItsPayloadOnly_WithTheBasesIdAndTheStrictXattr()
    {
        var baseImage = BuildBase(new ContentSpec("/usr/bin/bash"));
        var image = PortableImageBuilder.Build(Extension(baseImage.Path, new ContentSpec("/usr/bin/tr")), _output.Path, Options);

        Assert.Equal(0, image.ClosureItems);
        using var reader = SquashfsReader.Open(image.Path);
        Assert.Equal(
            ["/usr", "/usr/bin", "/usr/bin/tr", "/usr/lib", "/usr/lib/extension-release.d", "/usr/lib/extension-release.d/extension-release.app", "/usr/lib/systemd", "/usr/lib/systemd/system", "/usr/lib/systemd/system/app.service"],
            reader.Walk().Select(e => e.Path).Where(p => p != "/").Order(StringComparer.Ordinal));
        var release = reader.Find("/usr/lib/extension-release.d/extension-release.app")!;
        Assert.Equal(
            "ID=\"debian\"\nVERSION_ID=\"12\"\nSYSEXT_SCOPE=\"portable\"\nPORTABLE_PREFIXES=\"app\"\nSYSEXT_IMAGE_ID=\"app\"\nSYSEXT_IMAGE_VERSION=\"1.0\"\n",
            Encoding.UTF8.GetString(reader.ReadAllBytes(release)));
        var xattr = Assert.Single(release.Xattrs);
        Assert.Equal(("user.extension-release.strict", "false"), (xattr.Name, Encoding.UTF8.GetString(xattr.Value)));
    }

    [Fact]
    public void Extension_WrittenByExternalMksquashfs_KeepsTheStrictXattr()
    {
        var image = PortableImageBuilder.Build(Extension(null, new ContentSpec("/usr/share/base-files/motd", "/usr/share/app/motd")) with { SquashfsTools = "/usr" }, _output.Path, Options);
        Assert.Equal("/usr/bin/mksquashfs", image.Writer);
        using var reader = SquashfsReader.Open(image.Path);
        var xattr = Assert.Single(reader.Find("/usr/lib/extension-release.d/extension-release.app")!.Xattrs);
        Assert.Equal(("user.extension-release.strict", "false"), (xattr.Name, Encoding.UTF8.GetString(xattr.Value)));
    }

    [Fact]
    public void Extension_NeedingWhatNeitherTheBaseNorItsHierarchiesHold_IsPS2201()
    {
        var baseImage = BuildBase(new ContentSpec(_output.Write("payload/data.txt", "data"), "/usr/share/base/data.txt"));
        var e = Assert.Throws<DiagnosticException>(() => PortableImageBuilder.Build(Extension(baseImage.Path, new ContentSpec("/usr/bin/tr")), _output.Path, Options));
        DiagnosticAssert.Contains(e.Diagnostics, "PS2201", "/lib64", "is not in the base image", "/usr and /opt");
        Assert.False(File.Exists(Path.Join(_output.Path, "app_1.0.raw")));
    }

    [Fact]
    public void Extension_WithoutBase_IsForAnyId_AndLeavesWhatLiesOutsideUsrToTheBaseWithPS2202()
    {
        var image = PortableImageBuilder.Build(Extension(null, new ContentSpec("/usr/bin/tr")), _output.Path, Options);
        DiagnosticAssert.Contains(image.Warnings, "PS2202", "/lib64", "left out");
        using var reader = SquashfsReader.Open(image.Path);
        Assert.Null(reader.Resolve("/lib64"));
        Assert.NotNull(reader.Resolve("/usr/lib/x86_64-linux-gnu/libc.so.6"));
        Assert.StartsWith("ID=\"_any\"\nSYSEXT_SCOPE=\"portable\"\n", Encoding.UTF8.GetString(reader.ReadAllBytes(reader.Find("/usr/lib/extension-release.d/extension-release.app")!)));
    }

    [Fact]
    public void Confext_HoldsEtcOnly_WithItsReleaseUnderEtc()
    {
        var baseImage = BuildBase(new ContentSpec("/usr/bin/tr"));
        var conf = _output.Write("conf/app.conf", "key=value\n");
        var spec = new PortableServiceSpec("conf", "1", []) { Type = "confext", Base = baseImage.Path, Contents = [new ContentSpec(conf, "/etc/app/app.conf")] };
        var image = PortableImageBuilder.Build(spec, _output.Path, Options);

        Assert.DoesNotContain(image.Warnings, w => w.Code == "PS1201");
        using var reader = SquashfsReader.Open(image.Path);
        Assert.Equal(["/etc", "/etc/app", "/etc/app/app.conf", "/etc/extension-release.d", "/etc/extension-release.d/extension-release.conf"], reader.Walk().Select(e => e.Path).Where(p => p != "/").Order(StringComparer.Ordinal));
        var release = Encoding.UTF8.GetString(reader.ReadAllBytes(reader.Find("/etc/extension-release.d/extension-release.conf")!));
        Assert.Contains("CONFEXT_SCOPE=\"portable\"\nPORTABLE_PREFIXES=\"conf\"\nCONFEXT_IMAGE_ID=\"conf\"\nCONFEXT_IMAGE_VERSION=\"1\"\n", release);
    }

    /// <summary>systemd lays an extension's /opt only over the base's own (252 and 257): every portable image has one, a content there takes its place.</summary>
    [Fact]
    public void PortableImage_HasOptForExtensions_UnlessAContentTakesIt()
    {
        using (var reader = SquashfsReader.Open(BuildBase(new ContentSpec("/usr/bin/tr")).Path))
        {
            Assert.True(reader.Resolve("/opt") is { Kind: SquashfsEntryKind.Directory });
        }

        var image = BuildBase(new ContentSpec(Path.GetDirectoryName(_output.Write("payload/data.txt", "data"))!, "/opt"));
        using (var reader = SquashfsReader.Open(image.Path))
        {
            Assert.NotNull(reader.Resolve("/opt/data.txt"));
        }
    }

    [Fact]
    public void Extension_WithOptPayload_OverABaseWithoutOpt_IsPS2204()
    {
        // A base as older builders made it: ours without /opt.
        var tree = PortableImageBuilder.Build(new PortableServiceSpec("older", "1", []) { Contents = [new ContentSpec("/usr/bin/tr")], Format = "directory" }, _output.Path, Options);
        Directory.Delete(Path.Join(tree.Path, "opt"));
        var olderBase = Path.Join(_output.Path, "older_1.raw");
        SquashfsWriter.Write(new HostTreeLoader().LoadRoot(tree.Path), olderBase, new SquashfsWriterOptions { Compression = Squashfs.Compression.CompressionSettings.Parse("gzip") });

        var spec = Extension(olderBase, new ContentSpec(_output.Write("payload/data.txt", "data"), "/opt/app/data.txt"));
        var e = Assert.Throws<DiagnosticException>(() => PortableImageBuilder.Build(spec, _output.Path, Options));
        DiagnosticAssert.Contains(e.Diagnostics, "PS2204", "/opt", "/opt/app", "has no /opt directory");
        Assert.False(File.Exists(Path.Join(_output.Path, "app_1.0.raw")));
    }

    /// <summary>StateDirectory= of an extension's unit: the mount point must be in the base (226/NAMESPACE otherwise), unless a tmpfs lies over it.</summary>
    [Fact]
    public void Extension_StateDirectory_NeedsItsMountPointInTheBase_PS2205_UnlessTemporaryFileSystemCoversIt()
    {
        var baseImage = BuildBase(new ContentSpec("/usr/bin/tr"), new ContentSpec(Directory.CreateDirectory(_output.Combine("empty")).FullName, "/var/lib/kept"));
        PortableServiceSpec App(string settings) => Extension(baseImage.Path) with { Units = [UnitSource.Inline("app.service", "[Service]\nExecStart=/usr/bin/tr a b\nDynamicUser=yes\n" + settings)] };

        var e = Assert.Throws<DiagnosticException>(() => PortableImageBuilder.Build(App("StateDirectory=app\nLogsDirectory=app\n"), _output.Path, Options));
        DiagnosticAssert.Contains(e.Diagnostics, "PS2205", "/var/lib/app", "app.service: StateDirectory= needs the directory /var/lib/app", "226/NAMESPACE", "TemporaryFileSystem=/var/lib");
        DiagnosticAssert.Contains(e.Diagnostics, "PS2205", "/var/log/app", "LogsDirectory= needs the directory /var/log/app");

        var image = PortableImageBuilder.Build(App("StateDirectory=kept\nTemporaryFileSystem=/var/log:ro\nLogsDirectory=app\nConfigurationDirectory=app\n"), _output.Path, Options);
        DiagnosticAssert.Contains(image.Warnings, "PS2205", "/etc/app", "ConfigurationDirectory= needs the directory /etc/app", "confext");
        using var reader = SquashfsReader.Open(image.Path);
        Assert.Null(reader.Resolve("/var"));
        Assert.Null(reader.Resolve("/etc"));
    }

    [Fact]
    public void DirectoryFormat_WritesTheTree_AndReplacesAnOlderOneWhole()
    {
        var spec = new PortableServiceSpec("hello", "1", [UnitSource.Inline("hello.service", "[Service]\nExecStart=/usr/bin/tr a b\n")]) { Format = "directory", Versioned = true };
        var image = PortableImageBuilder.Build(spec with { Contents = [new ContentSpec(_output.Write("src/old.txt", "old"), "/opt/old.txt")] }, _output.Path, Options);
        Assert.Equal(Path.Join(_output.Path, "hello.v", "hello_1"), image.Path);
        Assert.Equal(ImageFormat.Directory, image.Format);
        Assert.True(File.Exists(Path.Join(image.Path, "opt/old.txt")));

        image = PortableImageBuilder.Build(spec, _output.Path, Options);
        Assert.False(File.Exists(Path.Join(image.Path, "opt/old.txt")));
        Assert.Equal("[Service]\nExecStart=/usr/bin/tr a b\n", File.ReadAllText(Path.Join(image.Path, "etc/systemd/system/hello.service")));
        Assert.True(File.Exists(Path.Join(image.Path, "usr/bin/tr")));
        Assert.Equal(new FileInfo("/lib64").LinkTarget, new FileInfo(Path.Join(image.Path, "lib64")).LinkTarget);
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(image.Path));
        Assert.Equal(DateTime.UnixEpoch, File.GetLastWriteTimeUtc(Path.Join(image.Path, "etc/os-release")));
        Assert.Equal(["hello_1"], Directory.GetFileSystemEntries(Path.Join(_output.Path, "hello.v")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("sysext")]
    [InlineData("Extension")]
    public void UnknownType_IsPS1951(string type)
    {
        DiagnosticAssert.Contains(SpecValidator.Validate(Extension(null) with { Type = type }), "PS1951", "$.type", $"'{type}'", "extension", "confext");
    }

    [Fact]
    public void Base_MissingNotSquashfsOrForAPortableImage_IsReported()
    {
        DiagnosticAssert.Contains(SpecValidator.Validate(Extension(_output.Combine("none.raw"))), "PS1952", "$.base", "does not exist");
        DiagnosticAssert.Contains(SpecValidator.Validate(Extension(_output.Write("text.raw", "not an image"))), "PS1953", "$.base", "cannot be read as a base image");
        var baseImage = BuildBase(new ContentSpec("/usr/bin/tr"));
        DiagnosticAssert.Contains(SpecValidator.Validate(Extension(baseImage.Path) with { Type = "portable" }), "PS1954", "$.base", "extension");
    }

    [Fact]
    public void ExtensionContentOutsideUsrAndOpt_IsPS1955()
    {
        var spec = Extension(null, new ContentSpec("/usr/bin/tr", "/bin/tr")) with { Symlinks = [new SymlinkSpec("/usr/bin/tr", "/etc/tr")] };
        var diagnostics = SpecValidator.Validate(spec);
        DiagnosticAssert.Contains(diagnostics, "PS1955", "$.contents[0]", "'/bin/tr'", "/usr and /opt");
        DiagnosticAssert.Contains(diagnostics, "PS1955", "$.symlinks[0].symlink", "'/etc/tr'");
    }

    [Fact]
    public void DirectoryWithVerity_IsPS1956()
    {
        DiagnosticAssert.Contains(SpecValidator.Validate(Extension(null) with { Format = "directory", Verity = true }), "PS1956", "$.format", "$.verity");
    }
}
