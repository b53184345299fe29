using PortableService.Spec;

namespace PortableService.Systemd;

/// <summary>
/// What every portable service image holds besides the user's input, as nixpkgs lays it out: the directories
/// portabled and the service manager mount over, the empty mount-point files, and <c>/etc/os-release</c>.
/// </summary>
public static class ImageScaffold
{
    /// <summary>Where units go.</summary>
    public const string UnitDirectory = "/etc/systemd/system";

    /// <summary>Where an extension's units go: portabled reads them there, and only /usr and /opt of an extension are laid over the base.</summary>
    public const string ExtensionUnitDirectory = "/usr/lib/systemd/system";

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

    /// <summary>
    /// The kernel's pseudo file systems: their files say size 0 and are made up as they are read, so nothing of them can
    /// be copied into an image; the service gets its own at run time.
    /// </summary>
    public static IReadOnlyList<string> KernelFileSystems { get; } = ["/proc", "/sys"];

    /// <summary>The kernel file system (<c>/proc</c> or <c>/sys</c>) an absolute host path lies in, or null.</summary>
    public static string? KernelFileSystemOf(string path) => KernelFileSystems.FirstOrDefault(d => path == d || ImagePath.IsUnder(path, d));

    /// <summary>The image path of a unit.</summary>
    public static string UnitPath(string unitName) => UnitDirectory + "/" + unitName;

    /// <summary>Where the units of an image of <paramref name="type"/> go: an extension's <c>/etc</c> is never laid over the base.</summary>
    public static string UnitDirectoryOf(ImageType type) => type == ImageType.Extension ? ExtensionUnitDirectory : UnitDirectory;

    /// <summary>The image path of a unit in an image of <paramref name="type"/>.</summary>
    public static string UnitPath(ImageType type, string unitName) => UnitDirectoryOf(type) + "/" + unitName;
}
