namespace PortableService.Systemd;

/// <summary>
/// The folders a service's <c>StateDirectory=</c>, <c>CacheDirectory=</c>, <c>LogsDirectory=</c> and
/// <c>ConfigurationDirectory=</c> name. systemd bind-mounts them from the host over the image (with
/// <c>DynamicUser=</c> from <c>/var/lib/private/NAME</c>); on a read-only image it cannot create the mount point, and the
/// service fails with 226/NAMESPACE (<c>Failed to set up mount namespacing: /var/lib/NAME</c>, systemd 252 and 257), so
/// the image must hold them. <c>RuntimeDirectory=</c> needs nothing: <c>/run</c> is a fresh tmpfs.
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

    /// <summary>The image paths of the folders the unit's <c>[Service]</c> section names, each once.</summary>
    public static IEnumerable<string> MountPoints(string unitText)
    {
        ArgumentNullException.ThrowIfNull(unitText);
        var settings = UnitFile.Settings(unitText, "Service").ToList();
        foreach (var (key, parent) in s_settings)
        {
            var names = new List<string>();
            foreach (var (_, value) in settings.Where(s => s.Key == key))
            {
                if (value.Length == 0)
                {
                    names.Clear();
                    continue;
                }

                // NAME or NAME:SYMLINK (systemd 250+); relative to the parent, possibly nested.
                names.AddRange(value.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(n => n.Split(':')[0].Trim('/')));
            }

            foreach (var name in names.Where(n => n.Length > 0 && !n.Split('/').Any(p => p is "." or "..")).Distinct(StringComparer.Ordinal))
            {
                yield return parent + "/" + name;
            }
        }
    }
}
