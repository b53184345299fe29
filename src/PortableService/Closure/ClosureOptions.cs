namespace PortableService.Closure;

/// <summary>How a <see cref="ClosureResolver"/> finds dependencies. The defaults describe a normal Linux host.</summary>
public sealed record ClosureOptions
{
    /// <summary>The Nix store directory; paths under it are store paths, copied whole with their Nix closure.</summary>
    public string StoreDirectory { get; init; } = "/nix/store";

    /// <summary>The Nix database (tables <c>ValidPaths</c> and <c>Refs</c>), opened read-only.</summary>
    public string NixDatabasePath { get; init; } = "/nix/var/nix/db/db.sqlite";

    /// <summary>Where references between store paths come from.</summary>
    public NixReferenceSource NixSource { get; init; } = NixReferenceSource.Auto;

    /// <summary>The <c>nix-store</c> program: a name looked up on <c>PATH</c>, or a path.</summary>
    public string NixStoreCommand { get; init; } = "nix-store";

    /// <summary>
    /// When set, a library, interpreter or store path that cannot be found is a warning instead of an error. A program
    /// that a unit names stays an error: the service could not start without it.
    /// </summary>
    public bool AllowMissing { get; init; }

    /// <summary>
    /// Names (a library's <c>DT_NEEDED</c> name such as <c>liblttng-ust.so.0</c>, or an absolute path) that may be
    /// missing, one by one, with a warning: optional libraries a runtime can live without.
    /// </summary>
    public IReadOnlyList<string> AllowMissingNames { get; init; } = [];

    /// <summary>
    /// Directories searched for shared libraries before <c>DT_RUNPATH</c> and the system's directories, as
    /// <c>LD_LIBRARY_PATH</c> would be (for libraries the program finds through its environment at run time).
    /// </summary>
    public IReadOnlyList<string> ExtraLibraryDirectories { get; init; } = [];

    /// <summary>The loader's cache (glibc's <c>ldconfig</c> output). A missing file is skipped.</summary>
    public string LdSoCachePath { get; init; } = "/etc/ld.so.cache";

    /// <summary>
    /// <c>ldconfig</c>'s configuration. Its directories are searched after the system's directories, for libraries a
    /// stale or missing cache does not list yet. A missing file is skipped.
    /// </summary>
    public string LdSoConfPath { get; init; } = "/etc/ld.so.conf";

    /// <summary>
    /// Where <c>#!/usr/bin/env NAME</c> looks for NAME: the standard PATH of systemd services, then <c>/sbin</c> and
    /// <c>/bin</c>.
    /// </summary>
    public IReadOnlyList<string> StandardPath { get; init; } =
        ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>
    /// When set, device nodes and set-user-ID or set-group-ID files among what is copied are errors (PS2018, PS2019):
    /// an image's files all belong to root, so a user's setuid program would become setuid root, and a device node
    /// would open the host's hardware. The planner sets it for every build.
    /// </summary>
    public bool RefuseUnsafeFiles { get; init; }

    /// <summary>Whether <paramref name="name"/> (a library name or a path) may be missing with only a warning.</summary>
    public bool IsMissingAllowed(string name) =>
        AllowMissing || AllowMissingNames.Contains(name, StringComparer.Ordinal) || AllowMissingNames.Contains(Path.GetFileName(name), StringComparer.Ordinal);
}
