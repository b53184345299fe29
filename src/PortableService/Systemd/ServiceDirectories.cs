namespace PortableService.Systemd;

/// <summary>
/// The folders a service's <c>StateDirectory=</c>, <c>CacheDirectory=</c>, <c>LogsDirectory=</c> and
/// <c>ConfigurationDirectory=</c> name. systemd bind-mounts them from the host over the image (with
/// <c>DynamicUser=</c> from <c>/var/lib/private/NAME</c>); on a read-only image it cannot create the mount point, and the
/// service fails with 226/NAMESPACE (<c>Failed to set up mount namespacing: /var/lib/NAME</c>, systemd 252 and 257), so
/// the image must hold them, unless a <c>TemporaryFileSystem=</c> lies over their parent. <c>RuntimeDirectory=</c>
/// needs nothing: <c>/run</c> is a fresh tmpfs.
/// </summary>
public static class ServiceDirectories
{
    private static readonly (string Key, string Parent)[] s_settings =
    [
        ("StateDirectory", "/var/lib"),
        ("CacheDirectory", "/var/cache"),
        ("LogsDirectory", "/var/log"),
        ("ConfigurationDirectory", "/etc"),
    ];

    /// <summary>The image paths of the folders the unit's <c>[Service]</c> section names, each once, with the setting that names it.</summary>
    public static IEnumerable<(string Setting, string Path)> MountPoints(string unitText)
    {
        ArgumentNullException.ThrowIfNull(unitText);
        var settings = UnitFile.Settings(unitText, "Service").ToList();
        foreach (var (key, parent) in s_settings)
        {
            foreach (var name in Paths(settings, key).Where(n => n.Length > 0 && !n.Split('/').Any(p => p is "." or "..")).Distinct(StringComparer.Ordinal))
            {
                yield return (key, parent + "/" + name);
            }
        }
    }

    /// <summary>The paths the unit's <c>TemporaryFileSystem=</c> mounts a tmpfs on: systemd creates the folders below them there.</summary>
    public static IEnumerable<string> TemporaryFileSystems(string unitText)
    {
        ArgumentNullException.ThrowIfNull(unitText);
        return Paths([.. UnitFile.Settings(unitText, "Service")], "TemporaryFileSystem").Select(p => "/" + p);
    }

    /// <summary>The paths a list setting names, without slashes at either end: an empty assignment resets the list.</summary>
    private static List<string> Paths(List<(string Key, string Value)> settings, string key)
    {
        var paths = new List<string>();
        foreach (var (_, value) in settings.Where(s => s.Key == key))
        {
            if (value.Length == 0)
            {
                paths.Clear();
                continue;
            }

            // PATH or PATH:SUFFIX (a symlink for the directories, mount options for a tmpfs).
            paths.AddRange(value.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(n => n.Split(':')[0].Trim('/')));
        }

        return paths;
    }
}
