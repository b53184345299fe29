using PortableService.FileTrees;

namespace PortableService.Systemd;

/// <summary>
/// A portable profile: the drop-in portabled adds to every service it attaches (<c>service.conf</c>), and where it was
/// read from.
/// </summary>
/// <param name="Name">The profile's name (<c>default</c>, <c>trusted</c>...), or the file's name for a file given.</param>
/// <param name="Source">Where it came from: a path, or "built-in (systemd 257)".</param>
/// <param name="Text">The drop-in's text.</param>
public sealed record PortableProfile(string Name, string Source, string Text)
{
    private const long MaxFileBytes = 1 << 20;

    /// <summary>The standard profiles, in the order portablectl lists them.</summary>
    public static IReadOnlyList<string> StandardNames { get; } = ["default", "nonetwork", "strict", "trusted"];

    /// <summary>The systemd versions whose standard profiles are built in.</summary>
    public static IReadOnlyList<int> BuiltInVersions { get; } = [252, 257];

    /// <summary>Where portabled looks for profiles, in order of precedence.</summary>
    public static IReadOnlyList<string> Directories { get; } =
        ["/etc/systemd/portable/profile", "/run/systemd/portable/profile", "/usr/local/lib/systemd/portable/profile", "/usr/lib/systemd/portable/profile"];

    /// <summary>
    /// The profile <paramref name="nameOrFile"/>: a <c>service.conf</c> file given by path, else the machine's profile of
    /// that name, else the built-in one of <paramref name="systemdVersion"/>. Null when there is none.
    /// </summary>
    /// <param name="systemdVersion">Use the built-in profile of this version even when the machine has its own.</param>
    public static PortableProfile? Find(string nameOrFile, int? systemdVersion = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrFile);
        if (nameOrFile.Contains('/'))
        {
            // A drop-in is a few kilobytes; a FIFO, a device or a huge file is no service.conf.
            return BoundedFile.Problem(nameOrFile, MaxFileBytes) is null
                ? new PortableProfile(Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(nameOrFile))) ?? nameOrFile, Path.GetFullPath(nameOrFile), File.ReadAllText(nameOrFile))
                : null;
        }

        if (systemdVersion is null)
        {
            foreach (var directory in Directories)
            {
                var path = Path.Join(directory, nameOrFile, "service.conf");
                if (File.Exists(path))
                {
                    return new PortableProfile(nameOrFile, path, File.ReadAllText(path));
                }
            }
        }

        var version = systemdVersion ?? BuiltInVersions[^1];
        return BuiltInProfiles.Texts.TryGetValue((version, nameOrFile), out var text)
            ? new PortableProfile(nameOrFile, $"built-in (systemd {version})", text)
            : null;
    }
}
