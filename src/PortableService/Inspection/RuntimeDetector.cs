using PortableService.Closure;
using PortableService.FileTrees;

namespace PortableService.Inspection;

/// <summary>
/// Tells what a program in an image runs on, from what lies beside it and what it links: CoreCLR
/// (<c>libcoreclr.so</c> beside a self-contained app, <c>APP.runtimeconfig.json</c> beside a framework-dependent
/// apphost, the <c>dotnet</c> host), the JVM, node, LuaJIT and Mono. A Native AOT .NET app has none of these: it is
/// native code.
/// </summary>
internal sealed class RuntimeDetector(PathResolver files)
{
    private static readonly string[] s_jitPrograms = ["java", "node", "nodejs", "luajit", "mono"];
    private static readonly string[] s_jitLibraries = ["libcoreclr.so", "libjvm.so", "libnode.so", "libluajit-5.1.so", "libmonosgen-2.0.so"];

    public (RuntimeKind Kind, string Evidence) Detect(string program, string? firstArgument)
    {
        var directory = UnixPath.Parent(program);
        var name = Path.GetFileName(program);
        if (name == "dotnet")
        {
            return (RuntimeKind.DotNetJit, $"{program} is the .NET host{(firstArgument is null ? string.Empty : $" running {firstArgument}")}");
        }

        if (Exists(UnixPath.Join(directory, "libcoreclr.so")))
        {
            return (RuntimeKind.DotNetJit, $"{directory}/libcoreclr.so (CoreCLR) lies beside {name}");
        }

        if (Exists(UnixPath.Join(directory, name + ".runtimeconfig.json")))
        {
            return (RuntimeKind.DotNetJit, $"{name}.runtimeconfig.json marks {program} as a framework-dependent .NET app");
        }

        if (s_jitPrograms.Any(j => name == j || name.StartsWith(j + "-", StringComparison.Ordinal) || (j == "luajit" && name.StartsWith(j, StringComparison.Ordinal))))
        {
            return (RuntimeKind.OtherJit, $"{program} is a JIT runtime");
        }

        if (Needed(program) is { } needed && needed.FirstOrDefault(n => s_jitLibraries.Any(l => n.StartsWith(l, StringComparison.Ordinal))) is { } library)
        {
            return (RuntimeKind.OtherJit, $"{program} links {library}");
        }

        return (RuntimeKind.Native, string.Empty);
    }

    private bool Exists(string path) => files.Resolve(path).Succeeded;

    private IReadOnlyList<string>? Needed(string program)
    {
        var resolution = files.Resolve(program);
        if (resolution is not { Succeeded: true, Node.Kind: FileNodeKind.File })
        {
            return null;
        }

        return ProbedFile.Read(files.Tree, resolution.RealPath!, resolution.Node.Size).Elf?.Needed;
    }
}
