namespace PortableService.Systemd;

/// <summary>
/// A service's effective <c>[Service]</c> settings once portabled has attached it: the unit's own, then the
/// profile's drop-in, which wins (it is read after the unit file), plus what systemd implies from them.
/// </summary>
public sealed class ServiceSettings
{
    private readonly List<(string Key, string Value)> _settings;

    public ServiceSettings(string unitText, PortableProfile profile)
    {
        ArgumentNullException.ThrowIfNull(unitText);
        ArgumentNullException.ThrowIfNull(profile);
        _settings = [.. UnitFile.Settings(unitText, "Service"), .. UnitFile.Settings(profile.Text, "Service")];
    }

    /// <summary>The last value assigned to <paramref name="key"/>, or null.</summary>
    public string? Get(string key) => _settings.LastOrDefault(s => s.Key == key).Value;

    /// <summary>Every value of a list setting, after the last empty assignment (which resets it).</summary>
    public IReadOnlyList<string> GetAll(string key)
    {
        var values = new List<string>();
        foreach (var (k, value) in _settings)
        {
            if (k != key)
            {
                continue;
            }

            if (value.Length == 0)
            {
                values.Clear();
            }
            else
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <summary>A boolean setting as systemd parses it (<c>yes</c>, <c>true</c>, <c>on</c>, <c>1</c>).</summary>
    public bool IsTrue(string key) => Get(key)?.Trim().ToLowerInvariant() is "yes" or "true" or "on" or "1";

    public bool DynamicUser => IsTrue("DynamicUser");

    /// <summary>/tmp and /var/tmp are the service's own, empty: PrivateTmp=, or implied by DynamicUser=.</summary>
    public bool PrivateTmp => DynamicUser || (Get("PrivateTmp")?.Trim().ToLowerInvariant() is "yes" or "true" or "on" or "1" or "disconnected");

    /// <summary>/home, /root and /run/user are hidden (ProtectHome=yes or tmpfs; read-only leaves them visible).</summary>
    public bool HidesHome => Get("ProtectHome")?.Trim().ToLowerInvariant() is "yes" or "true" or "on" or "1" or "tmpfs";

    public bool MemoryDenyWriteExecute => IsTrue("MemoryDenyWriteExecute");

    public bool MountApiFileSystems => IsTrue("MountAPIVFS");

    public bool PrivateNetwork => IsTrue("PrivateNetwork");

    /// <summary>The address families allowed; null when unrestricted.</summary>
    public IReadOnlySet<string>? AddressFamilies
    {
        get
        {
            var values = GetAll("RestrictAddressFamilies");
            if (values.Count == 0)
            {
                return null;
            }

            var families = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                var deny = value.StartsWith('~');
                foreach (var family in value.TrimStart('~').Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (deny)
                    {
                        families.Remove(family);
                    }
                    else
                    {
                        families.Add(family);
                    }
                }
            }

            return families;
        }
    }

    /// <summary>The environment the service gets from Environment= (later assignments win).</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var value in GetAll("Environment"))
            {
                foreach (var (assignment, _) in UnitWords.Split(value))
                {
                    var equals = assignment.IndexOf('=');
                    if (equals > 0)
                    {
                        environment[assignment[..equals]] = assignment[(equals + 1)..];
                    }
                }
            }

            return environment;
        }
    }
}
