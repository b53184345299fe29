namespace PortableService.DotNet;

/// <summary>
/// A .NET install on the build host (<c>DOTNET_ROOT</c>): the <c>dotnet</c> muxer, <c>host/fxr/&lt;version&gt;</c> and
/// <c>shared/&lt;framework&gt;/&lt;version&gt;</c>, where framework-dependent apps take their runtime from.
/// </summary>
public sealed class DotNetInstall
{
    private DotNetInstall(string root) => Root = root;

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
        var candidates = new List<string?> { Environment.GetEnvironmentVariable("DOTNET_ROOT") };
        candidates.Add(ReadFirstLine("/etc/dotnet/install_location_x64") ?? ReadFirstLine("/etc/dotnet/install_location"));
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var muxer = Path.Join(directory, "dotnet");
            if (File.Exists(muxer))
            {
                candidates.Add(Path.GetDirectoryName(new FileInfo(muxer).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? muxer));
            }
        }

        candidates.AddRange(["/usr/share/dotnet", "/usr/lib/dotnet", "/usr/lib64/dotnet"]);
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrEmpty(candidate) && FromRoot(candidate) is { } install)
            {
                return install;
            }
        }

        return null;
    }

    /// <summary>The install at <paramref name="root"/>, or null when it has no shared framework.</summary>
    public static DotNetInstall? FromRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var real = RealPath(Path.GetFullPath(root));
        return Directory.Exists(Path.Join(real, "shared")) ? new DotNetInstall(real) : null;
    }

    /// <summary>The versions of <paramref name="framework"/> installed.</summary>
    public IReadOnlyList<FrameworkVersion> Versions(string framework) => VersionsIn(Path.Join(Root, "shared", framework));

    /// <summary>The directory of one installed framework version.</summary>
    public string FrameworkDirectory(string framework, FrameworkVersion version) => Path.Join(Root, "shared", framework, version.ToString());

    /// <summary><c>libhostfxr.so</c> of the highest <c>host/fxr</c> version, the one the muxer and apphost load; null when none.</summary>
    public string? HostFxr()
    {
        var highest = VersionsIn(Path.Join(Root, "host", "fxr")).Where(v => File.Exists(FxrPath(v))).Order().LastOrDefault();
        return highest is null ? null : FxrPath(highest);
    }

    private string FxrPath(FrameworkVersion version) => Path.Join(Root, "host", "fxr", version.ToString(), "libhostfxr.so");

    private static FrameworkVersion[] VersionsIn(string directory) => Directory.Exists(directory)
        ? [.. Directory.EnumerateDirectories(directory).Select(d => FrameworkVersion.TryParse(Path.GetFileName(d))).OfType<FrameworkVersion>()]
        : [];

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The path with every symlink resolved, so that it is a real directory in the image too.</summary>
    private static string RealPath(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        foreach (var part in parts)
        {
            var next = Path.Join(current, part);
            var target = new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true);
            current = target is null ? next : RealPath(target.FullName);
        }

        return current;
    }
}
