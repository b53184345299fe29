using System.Runtime.InteropServices;
using PortableService.FileTrees;

namespace PortableService.DotNet;

/// <summary>
/// A .NET install (<c>DOTNET_ROOT</c>), on the build host or in a base image: the <c>dotnet</c> muxer,
/// <c>host/fxr/&lt;version&gt;</c> and <c>shared/&lt;framework&gt;/&lt;version&gt;</c>, where framework-dependent apps
/// take their runtime from.
/// </summary>
public sealed class DotNetInstall
{
    /// <summary>Where an apphost looks for the install when <c>DOTNET_ROOT</c> is not set: this file names it.</summary>
    public const string InstallLocationFile = "/etc/dotnet/install_location";

    /// <summary>The usual places of an install, after the ones named.</summary>
    private static readonly string[] s_usualRoots = ["/usr/share/dotnet", "/usr/lib/dotnet", "/usr/lib64/dotnet"];

    private readonly PathResolver _files;

    private DotNetInstall(PathResolver files, string root)
    {
        _files = files;
        Root = root;
    }

    /// <summary>The install's directory, with no symlink in its path.</summary>
    public string Root { get; }

    /// <summary>The <c>dotnet</c> muxer.</summary>
    public string Muxer => Path.Join(Root, "dotnet");

    /// <summary>
    /// The host's install, found as the apphost finds one: <c>DOTNET_ROOT</c>, <c>/etc/dotnet/install_location</c>, the
    /// <c>dotnet</c> on <c>PATH</c>, then the usual directories. Null when there is none with a shared framework.
    /// </summary>
    public static DotNetInstall? Locate()
    {
        var files = new PathResolver(HostFileTree.Instance);
        var named = new List<string?> { Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? Path.GetFullPath(root) : null, RegisteredLocation(files) };
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (files.Resolve(Path.Join(directory, "dotnet")) is { Succeeded: true, Node.Kind: FileNodeKind.File, RealPath: { } muxer })
            {
                named.Add(UnixPath.Parent(muxer));
            }
        }

        return First(files, named.Concat(s_usualRoots));
    }

    /// <summary>The install at <paramref name="root"/> on the host, or null when it has no shared framework.</summary>
    public static DotNetInstall? FromRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        return At(new PathResolver(HostFileTree.Instance), Path.GetFullPath(root));
    }

    /// <summary>
    /// The install a framework-dependent app finds in <paramref name="image"/> (a base image): the one its
    /// <c>/etc/dotnet/install_location</c> names, else one at a usual place; null when there is none.
    /// </summary>
    internal static DotNetInstall? InImage(IFileTree image)
    {
        var files = new PathResolver(image);
        return First(files, [RegisteredLocation(files), .. s_usualRoots]);
    }

    /// <summary>The install in the host directory <paramref name="directory"/> when it is one (the muxer, <c>host/fxr</c> and <c>shared</c>), else null.</summary>
    internal static DotNetInstall? InDirectory(string directory)
    {
        var install = At(new PathResolver(HostFileTree.Instance), directory);
        return install is not null && install.HasMuxer && install.HostFxr() is not null ? install : null;
    }

    /// <summary>The versions of <paramref name="framework"/> installed.</summary>
    public IReadOnlyList<FrameworkVersion> Versions(string framework) => VersionsIn(UnixPath.Join(Root, $"shared/{framework}"));

    /// <summary>The directory of one installed framework version.</summary>
    public string FrameworkDirectory(string framework, FrameworkVersion version) => UnixPath.Join(Root, $"shared/{framework}/{version}");

    /// <summary><c>libhostfxr.so</c> of the highest <c>host/fxr</c> version, the one the muxer and apphost load; null when none.</summary>
    public string? HostFxr()
    {
        var highest = VersionsIn(UnixPath.Join(Root, "host/fxr")).Where(v => IsFile(FxrPath(v))).Order().LastOrDefault();
        return highest is null ? null : FxrPath(highest);
    }

    /// <summary>Whether the <c>dotnet</c> muxer is there.</summary>
    internal bool HasMuxer => IsFile(Muxer);

    /// <summary>The frameworks an installed framework builds on (ASP.NET Core on Microsoft.NETCore.App), as its own runtimeconfig says.</summary>
    internal IReadOnlyList<FrameworkReference> Dependencies(string framework, FrameworkVersion version) =>
        _files.ReadFile(UnixPath.Join(FrameworkDirectory(framework, version), framework + ".runtimeconfig.json"), 1 << 20) is { } json
            ? RuntimeConfig.Parse(json).Frameworks
            : [];

    private string FxrPath(FrameworkVersion version) => UnixPath.Join(Root, $"host/fxr/{version}/libhostfxr.so");

    private bool IsFile(string path) => _files.Resolve(path) is { Succeeded: true, Node.Kind: FileNodeKind.File };

    private FrameworkVersion[] VersionsIn(string directory) => _files.Resolve(directory) is { Succeeded: true, Node.Kind: FileNodeKind.Directory, RealPath: { } real }
        ? [.. _files.Tree.ListDirectory(real)
            .Where(n => _files.Resolve(UnixPath.Join(real, n)).Node.Kind == FileNodeKind.Directory)
            .Select(FrameworkVersion.TryParse)
            .OfType<FrameworkVersion>()]
        : [];

    /// <summary>The first of <paramref name="roots"/> that is an install.</summary>
    private static DotNetInstall? First(PathResolver files, IEnumerable<string?> roots) =>
        roots.Where(r => !string.IsNullOrEmpty(r) && r.StartsWith('/')).Select(r => At(files, r!)).FirstOrDefault(i => i is not null);

    /// <summary>The install at <paramref name="root"/> (its real path, so that it is a real directory in an image too), or null without a <c>shared</c> folder.</summary>
    private static DotNetInstall? At(PathResolver files, string root) =>
        files.Resolve(root) is { Succeeded: true, RealPath: { } real } && files.Resolve(UnixPath.Join(real, "shared")) is { Succeeded: true, Node.Kind: FileNodeKind.Directory }
            ? new DotNetInstall(files, real)
            : null;

    /// <summary>The install <c>/etc/dotnet/install_location_ARCH</c> or <c>install_location</c> names (its first line), as the apphost reads them.</summary>
    private static string? RegisteredLocation(PathResolver files)
    {
        var architecture = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        foreach (var path in new[] { $"{InstallLocationFile}_{architecture}", InstallLocationFile })
        {
            try
            {
                if (files.ReadFile(path, 1 << 16) is { } bytes)
                {
                    return System.Text.Encoding.UTF8.GetString(bytes).Split('\n')[0].Trim();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        return null;
    }
}
