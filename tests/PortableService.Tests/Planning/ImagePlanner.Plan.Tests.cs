using PortableService.Building;
using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.Planning;
using PortableService.Spec;
using PortableService.Tests.TestSupport;
using PortableService.Validation;
using Squashfs.Reading;
using Squashfs;

namespace PortableService.Tests.Planning;

/// <summary>
/// The image is the truth: paths in units and symlinks resolve in the planned image first, the build host second;
/// two sources for one path are an error before any work.
/// </summary>
public sealed class ImagePlannerPlanTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A "published" app: /usr/bin/echo copied as pub/app, with a config file beside it.</summary>
    private string Publish()
    {
        var pub = _temp.CreateDirectory("pub");
        File.Copy("/usr/bin/echo", Path.Join(pub, "app"));
        File.SetUnixFileMode(Path.Join(pub, "app"), TempDirectory.Executable);
        _temp.Write("pub/app.pdb", "debug symbols\n");
        _temp.Write("pub/appsettings.json", "{}\n");
        return pub;
    }

    private PortableServiceSpec AppSpec(string unitText, params ContentSpec[] contents) =>
        new("app", "1.0", [UnitSource.Inline("app.service", unitText)]) { Contents = contents };

    [Fact]
    public void ReadmeLayout_ProgramUnderAContentTarget_IsFoundInTheImage()
    {
        var pub = Publish();
        var spec = AppSpec("[Service]\nExecStart=/opt/app/app hello\n", new ContentSpec(pub, "/opt/app"));
        var plan = ImagePlanner.Plan(SpecValidator.ValidateOrThrow(spec));

        Assert.DoesNotContain(plan.Closure.Items, i => i.HostPath.StartsWith("/opt/app", StringComparison.Ordinal));
        Assert.Contains(plan.Closure.Items, i => i.HostPath.EndsWith("/libc.so.6", StringComparison.Ordinal));
        Assert.Contains(plan.Entries, e => e is { ImagePath: "/opt/app", Kind: PlannedEntryKind.Content } && e.HostPath == pub);
    }

    /// <summary>systemd mounts a service's state, cache, logs and configuration folders over the read-only image: their mount points must be in it.</summary>
    [Fact]
    public void ServiceDirectories_GetTheirMountPointsInTheImage()
    {
        var pub = Publish();
        var spec = AppSpec("[Service]\nExecStart=/opt/app/app\nDynamicUser=yes\nStateDirectory=app app/nested\nCacheDirectory=app:cache-link\nLogsDirectory=\nLogsDirectory=applog\nConfigurationDirectory=app\nRuntimeDirectory=app\nStateDirectory=../escape\n", new ContentSpec(pub, "/opt/app"));
        var plan = ImagePlanner.Plan(SpecValidator.ValidateOrThrow(spec));

        var directories = plan.Entries.Where(e => e.Kind == PlannedEntryKind.Directory).Select(e => e.ImagePath).ToList();
        Assert.Contains("/var/lib/app", directories);
        Assert.Contains("/var/lib/app/nested", directories);
        Assert.Contains("/var/cache/app", directories);
        Assert.Contains("/var/log/applog", directories);
        Assert.Contains("/etc/app", directories);
        Assert.DoesNotContain(directories, d => d.StartsWith("/run/", StringComparison.Ordinal) || d.Contains("escape", StringComparison.Ordinal) || d.Contains("cache-link", StringComparison.Ordinal));
    }

    [Fact]
    public void DecoyOnTheBuildHost_NeverReplacesThePublishedApp()
    {
        var pub = Publish();
        var decoyDirectory = $"/opt/ps-decoy-{Guid.NewGuid():N}";
        Directory.CreateDirectory(decoyDirectory);
        try
        {
            File.WriteAllText(Path.Join(decoyDirectory, "app"), "#!/bin/sh\necho DECOY\n");
            File.SetUnixFileMode(Path.Join(decoyDirectory, "app"), TempDirectory.Executable);
            var spec = AppSpec($"[Service]\nExecStart={decoyDirectory}/app\n", new ContentSpec(pub, decoyDirectory));
            using var output = new TempDirectory();
            var image = PortableImageBuilder.Build(spec, output.Path, new BuildOptions { SourceDateEpoch = 0 });

            using var reader = SquashfsReader.Open(image.Path);
            Assert.Equal(File.ReadAllBytes(Path.Join(pub, "app")), reader.ReadAllBytes(reader.Find($"{decoyDirectory}/app")!));
            Assert.Equal("{}\n", System.Text.Encoding.UTF8.GetString(reader.ReadAllBytes(reader.Find($"{decoyDirectory}/appsettings.json")!)));
        }
        finally
        {
            Directory.Delete(decoyDirectory, recursive: true);
        }
    }

    [Fact]
    public void ProgramNobodyProvides_StaysAnError_EvenWithAllowMissing()
    {
        var spec = AppSpec("[Service]\nExecStart=/opt/nowhere/app\n");
        var options = new BuildOptions { Closure = new ClosureOptions { AllowMissing = true } };
        var e = Assert.Throws<DiagnosticException>(() => ImagePlanner.Plan(SpecValidator.ValidateOrThrow(spec), options));
        var diagnostic = Assert.Single(e.Diagnostics);
        Assert.Equal((ClosureMessages.RootNotFoundCode, DiagnosticSeverity.Error), (diagnostic.Code, diagnostic.Severity));
        Assert.Contains("/opt/nowhere/app, named by unit app.service ExecStart=", diagnostic.Message);
    }

    [Fact]
    public void ExecStartNamingADirectory_IsAnError()
    {
        var pub = Publish();
        var spec = AppSpec("[Service]\nExecStart=/opt/app\n", new ContentSpec(pub, "/opt/app"));
        var e = Assert.Throws<DiagnosticException>(() => ImagePlanner.Plan(SpecValidator.ValidateOrThrow(spec)));
        Assert.Equal(ClosureMessages.ProgramNotExecutableCode, Assert.Single(e.Diagnostics).Code);
    }

    [Fact]
    public void SymlinkToAFileTheImageProvides_IsAPlainLink()
    {
        var spec = AppSpec("[Service]\nExecStart=/bin/true\n") with { Symlinks = [new SymlinkSpec("/etc/os-release", "/usr/lib/os-release")] };
        using var output = new TempDirectory();
        var image = PortableImageBuilder.Build(spec, output.Path, new BuildOptions { SourceDateEpoch = 0 });
        using var reader = SquashfsReader.Open(image.Path);
        Assert.Equal("/etc/os-release", reader.Find("/usr/lib/os-release")!.SymlinkTarget);
        Assert.Contains("PORTABLE_ID=\"app\"", System.Text.Encoding.UTF8.GetString(reader.ReadAllBytes(reader.Resolve("/usr/lib/os-release")!)));
    }

    [Fact]
    public void ExcludedFiles_StayOut_AndAreNotAnalysed()
    {
        var pub = Publish();
        var spec = AppSpec("[Service]\nExecStart=/opt/app/app\n", new ContentSpec(pub, "/opt/app") { Exclude = ["*.pdb"] });
        using var output = new TempDirectory();
        var image = PortableImageBuilder.Build(spec, output.Path, new BuildOptions { SourceDateEpoch = 0 });
        using var reader = SquashfsReader.Open(image.Path);
        Assert.Null(reader.Find("/opt/app/app.pdb"));
        Assert.NotNull(reader.Find("/opt/app/appsettings.json"));
    }

    [Fact]
    public void AllowMissingByName_WarnsForThatLibraryOnly()
    {
        var pub = Publish();
        var lib = _temp.Write("pub/libneedy.so", "not really\n");
        var spec = AppSpec("[Service]\nExecStart=/opt/app/app\n", new ContentSpec(pub, "/opt/app")) with { AllowMissing = ["libnothere.so.1"] };
        var plan = ImagePlanner.Plan(SpecValidator.ValidateOrThrow(spec));
        Assert.Empty(plan.Warnings);
        Assert.True(File.Exists(lib));
    }

    [Fact]
    public void StorePathCopiedWholeOverAPlannedPath_IsPS2016()
    {
        // A symlink object that is a host directory comes in whole; a content placed inside it clashes.
        var shared = _temp.CreateDirectory("shared");
        _temp.Write("shared/data.txt", "x\n");
        var extra = _temp.Write("extra.txt", "y\n");
        var spec = AppSpec("[Service]\nExecStart=/bin/true\n", new ContentSpec(extra, shared + "/inner.txt"))
            with { Symlinks = [new SymlinkSpec(shared + "/", "/srv/shared")] };
        var e = Assert.Throws<DiagnosticException>(() => ImagePlanner.Plan(SpecValidator.ValidateOrThrow(spec)));
        var diagnostic = Assert.Single(e.Diagnostics);
        Assert.Equal(PlanMessages.ClosureClashesWithPlanCode, diagnostic.Code);
        Assert.Contains(shared + "/inner.txt", diagnostic.Message);
    }
}
