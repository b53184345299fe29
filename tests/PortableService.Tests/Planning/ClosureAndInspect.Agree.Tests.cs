using PortableService.Building;
using PortableService.Closure;
using PortableService.FileTrees;
using PortableService.Inspection;
using PortableService.Planning;
using PortableService.Spec;
using PortableService.Tests.TestSupport;
using PortableService.Validation;
using Squashfs.Reading;
using Squashfs;

namespace PortableService.Tests.Planning;

/// <summary>
/// `build` and `inspect` share one loader: run over the planned image (build) and over the written image (inspect),
/// it finds every library at the same path.
/// </summary>
public sealed class ClosureAndInspectAgreeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Cases => new(["hello-example", "ls", "perl", "published-app", "script"]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void InspectFindsEveryLibraryWhereTheClosurePutIt(string name)
    {
        var spec = Spec(name);
        var plan = ImagePlanner.Plan(SpecValidator.ValidateOrThrow(spec), new BuildOptions { SourceDateEpoch = 0 });
        var image = PortableImageBuilder.Write(plan, _temp.Combine("out"));

        var report = ImageInspector.Inspect(image.Path);
        Assert.False(report.HasErrors, string.Join("\n", report.Findings.Select(f => $"{f.Code}: {f.Message}")));

        // The same loader over the written image, asked to list what it reaches instead of taking it as present.
        using var reader = SquashfsReader.Open(image.Path);
        var tree = new EverythingToCopy(new SquashfsFileTree(reader));
        using var resolver = new ClosureResolver(new ClosureOptions(), tree, tree, building: false);
        var roots = spec.Units.SelectMany((u, i) => UnitFileRoots.Extract(u.Name, plan.Spec.UnitTexts[i], "/nix/store")).ToList();
        var inImage = resolver.Resolve(roots).Items.Where(i => i.Kind == ClosureItemKind.File).Select(i => i.HostPath);

        var planned = plan.Entries.Where(e => e.Kind == PlannedEntryKind.Content).Select(e => e.ImagePath).ToList();
        var fromPlan = plan.Closure.Items.Where(i => i.Kind == ClosureItemKind.File).Select(i => i.HostPath);
        Assert.Equal(
            fromPlan.Order(StringComparer.Ordinal),
            inImage.Where(p => !planned.Any(c => p == c || ImagePath.IsUnder(p, c))).Order(StringComparer.Ordinal));
        Assert.Contains(fromPlan, p => p.EndsWith("/libc.so.6", StringComparison.Ordinal));
    }

    private PortableServiceSpec Spec(string name)
    {
        PortableServiceSpec Unit(string exec, params ContentSpec[] contents) =>
            new("agree", "1", [UnitSource.Inline("agree.service", $"[Service]\nExecStart={exec}\n")]) { Contents = contents };

        switch (name)
        {
            case "hello-example":
                return SpecReader.ReadFileOrThrow(Path.Join(Repository.Example("hello"), "hello.json"));
            case "ls":
                return Unit("/usr/bin/ls -l /");
            case "perl":
                return Unit("/usr/bin/perl -e 1");
            case "published-app":
                var pub = _temp.CreateDirectory("pub");
                File.Copy("/usr/bin/date", Path.Join(pub, "app"));
                return Unit("/opt/app/app", new ContentSpec(pub, "/opt/app"));
            default:
                var script = _temp.Write("run.sh", "#!/bin/sh\necho hi\n", TempDirectory.Executable);
                return Unit("/opt/run.sh", new ContentSpec(script, "/opt/run.sh"));
        }
    }

    /// <summary>An image tree in which nothing counts as present, so the closure lists every path it reaches.</summary>
    private sealed class EverythingToCopy(IFileTree tree) : IFileTree
    {
        public bool SupportsParallelReads => tree.SupportsParallelReads;

        public FileNode Lstat(string path) => tree.Lstat(path);

        public string? ReadLink(string path) => tree.ReadLink(path);

        public string[] ListDirectory(string path) => tree.ListDirectory(path);

        public IRandomAccessFile OpenFile(string path) => tree.OpenFile(path);

        public bool IsInImage(string path) => false;
    }
}
