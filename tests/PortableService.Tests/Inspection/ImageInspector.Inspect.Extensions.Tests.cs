using System.Text;
using PortableService.Building;
using PortableService.Closure;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;
using PortableService.Inspection;
using PortableService.Tests.TestSupport;
using Squashfs;
using Squashfs.Tree;

namespace PortableService.Tests.Inspection;

/// <summary>inspect on extensions and confext: the kind, the release file 252 and 257 look for, and the match with a base.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ImageInspectorInspectExtensionsTests : IDisposable
{
    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private BuiltImage Build(PortableServiceSpec spec, string versionId = "12") =>
        PortableImageBuilder.Build(spec, _work.Path, new BuildOptions { SourceDateEpoch = 0, HostIdentity = new OsReleaseIdentity("debian", "Debian", versionId) });

    private BuiltImage BuildBase(string version = "1", string versionId = "12") =>
        Build(new PortableServiceSpec("base", version, []) { Contents = [new ContentSpec("/usr/bin/bash")], SquashCompression = "lz4" }, versionId);

    private static PortableServiceSpec App(string baseImage) =>
        new("app", "1.0", [UnitSource.Inline("app.service", "[Service]\nExecStart=/usr/bin/bash -c 'echo hi'\n")]) { Type = "extension", Base = baseImage, SquashCompression = "lz4" };

    [Fact]
    public void OurExtension_OverItsBase_IsAnExtensionThatMatches_AndItsServiceIsCheckedOverTheBase()
    {
        var baseImage = BuildBase();
        var app = Build(App(baseImage.Path));

        var report = ImageInspector.Inspect(app.Path, new InspectionOptions { Base = baseImage.Path });
        Assert.Equal(ImageType.Extension, report.Kind);
        Assert.True(report.MatchesBase);
        Assert.Equal("/usr/lib/extension-release.d/extension-release.app", report.OsReleasePath);
        Assert.Equal("portable", report.OsRelease["SYSEXT_SCOPE"]);
        Assert.Equal(["app.service"], report.Units.Select(u => u.Name));
        Assert.False(report.HasErrors, string.Join(Environment.NewLine, report.Findings));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Extension_WithoutBase_SaysItsServicesWereNotChecked()
    {
        var app = Build(App(BuildBase().Path));
        var report = ImageInspector.Inspect(app.Path);
        Assert.Equal(InspectionCodes.ExtensionServicesUnchecked, Assert.Single(report.Findings).Code);
        Assert.Null(report.MatchesBase);
    }

    [Fact]
    public void Extension_OverABaseOfAnotherVersion_IsPS4055()
    {
        var app = Build(App(BuildBase().Path));
        var newer = BuildBase("2", versionId: "13");
        var report = ImageInspector.Inspect(app.Path, new InspectionOptions { Base = newer.Path });
        Assert.False(report.MatchesBase);
        var finding = Assert.Single(report.Findings, f => f.Code == InspectionCodes.ExtensionBaseMismatch);
        Assert.Contains("VERSION_ID=12 is not the base's VERSION_ID=13", finding.Message);
    }

    [Fact]
    public void ReleaseFileNamedByPrefixWithoutXattr_Is252Only_PS4052()
    {
        // 257 finds extension-release.app by the name cut at '_'; 252 looks for extension-release.app_1.0 and needs the xattr.
        var root = ImageDirectory.CreateRoot();
        root.GetOrCreateDirectory("usr/lib/extension-release.d").Add(new ImageFile("extension-release.app", FileContent.FromBytes(Encoding.UTF8.GetBytes("ID=_any\nSYSEXT_SCOPE=portable\n"))));
        root.GetOrCreateDirectory("usr/lib/systemd/system").Add(new ImageFile("app.service", FileContent.FromBytes(Encoding.UTF8.GetBytes("[Service]\nExecStart=/bin/true\n"))));
        var path = Path.Join(_work.Path, "app_1.0.raw");
        SquashfsWriter.Write(root, path, new SquashfsWriterOptions { Compression = Squashfs.Compression.CompressionSettings.Parse("lz4") });

        var report = ImageInspector.Inspect(path);
        var finding = Assert.Single(report.Findings, f => f.Code == InspectionCodes.ExtensionReleaseNotFound);
        Assert.Contains("systemd 252 looks for /usr/lib/extension-release.d/extension-release.app_1.0", finding.Message);
        Assert.Contains("--force", finding.Message);
    }

    [Fact]
    public void ScopeWithoutPortable_IsPS4053()
    {
        var app = Build(App(BuildBase().Path) with { OsRelease = new Dictionary<string, string> { ["SYSEXT_SCOPE"] = "system" } });
        var report = ImageInspector.Inspect(app.Path);
        Assert.Contains(report.Findings, f => f.Code == InspectionCodes.ExtensionScopeNotPortable && f.Message.Contains("SYSEXT_SCOPE=system does not include 'portable'"));
    }

    /// <summary>The same check as build's (PS2204): an extension's /opt over a base without /opt is never seen.</summary>
    [Fact]
    public void Extension_WithPayloadUnderAHierarchyTheBaseLacks_IsPS2204()
    {
        var app = Build(App(BuildBase().Path) with { Contents = [new ContentSpec(_work.Write("data/app.conf", "x=1\n"), "/opt/app/app.conf")] });
        var olderBase = Build(new PortableServiceSpec("older", "1", []) { Contents = [new ContentSpec("/usr/bin/bash")], Format = "directory" });
        Directory.Delete(Path.Join(olderBase.Path, "opt"));

        var report = ImageInspector.Inspect(app.Path, new InspectionOptions { Base = olderBase.Path });

        var finding = Assert.Single(report.Findings, f => f.Code == ClosureMessages.HierarchyNotInBaseCode);
        Assert.Equal("/opt", finding.Location);
        Assert.Contains($"the base image {olderBase.Path} has no /opt directory", finding.Message);
        Assert.Contains("/opt/app/app.conf", finding.Message);
        Assert.True(report.HasErrors);
        Assert.DoesNotContain(ImageInspector.Inspect(app.Path, new InspectionOptions { Base = BuildBase("2").Path }).Findings, f => f.Code == ClosureMessages.HierarchyNotInBaseCode);
    }

    [Fact]
    public void Confext_IsKindConfext_WithTheWarningThat252RefusesIt()
    {
        var baseImage = BuildBase();
        var conf = Build(new PortableServiceSpec("conf", "1", []) { Type = "confext", Base = baseImage.Path, Contents = [new ContentSpec(_work.Write("c/a.conf", "x=1\n"), "/etc/a.conf")] });
        var report = ImageInspector.Inspect(conf.Path, new InspectionOptions { Base = baseImage.Path });
        Assert.Equal(ImageType.Confext, report.Kind);
        Assert.True(report.MatchesBase);
        Assert.Equal(InspectionCodes.ConfextNeeds255, Assert.Single(report.Findings).Code);
    }
}
