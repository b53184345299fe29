namespace PortableService.Systemd;

/// <summary>
/// What every portable service image holds besides the user's input, as nixpkgs lays it out: the directories
/// portabled and the service manager mount over, the empty mount-point files, and <c>/etc/os-release</c>.
/// </summary>
public static class ImageScaffold
{
    /// <summary>Where units go.</summary>
    public const string UnitDirectory = "/etc/systemd/system";

    public const string OsReleasePath = "/etc/os-release";

    /// <summary>Directories created in every image, parents before children.</summary>
    public static IReadOnlyList<string> Directories { get; } =
    [
        "/etc", "/etc/systemd", UnitDirectory, "/proc", "/sys", "/dev", "/run", "/tmp",
        "/var", "/var/tmp", "/var/lib", "/var/cache", "/var/log",
    ];

    /// <summary>Files in every image: the empty mount points <c>/etc/resolv.conf</c>, <c>/etc/machine-id</c> and the os-release file.</summary>
    public static IReadOnlyList<string> Files { get; } = ["/etc/resolv.conf", "/etc/machine-id", OsReleasePath];

    /// <summary>The API file systems the service manager mounts over the image for every portable profile (MountAPIVFS=yes).</summary>
    public static IReadOnlyList<string> ApiFileSystems { get; } = ["/proc", "/sys", "/dev", "/run"];

    /// <summary>The image path of a unit.</summary>
    public static string UnitPath(string unitName) => UnitDirectory + "/" + unitName;
}
