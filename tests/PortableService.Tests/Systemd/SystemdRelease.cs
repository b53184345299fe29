namespace PortableService.Tests.Systemd;

/// <summary>
/// A systemd version the real-systemd tests run against: the Debian suite whose container root
/// <c>.ci/install-systemd-test-deps.sh --suite SUITE</c> builds, and the systemd major version it ships.
/// </summary>
public sealed record SystemdRelease(int Version, string Suite, string Debian)
{
    /// <summary>Debian 12 bookworm, systemd 252.</summary>
    public static readonly SystemdRelease Systemd252 = new(252, "bookworm", "Debian 12");

    /// <summary>Debian 13 trixie, systemd 257.</summary>
    public static readonly SystemdRelease Systemd257 = new(257, "trixie", "Debian 13");

    public static IReadOnlyList<SystemdRelease> All { get; } = [Systemd252, Systemd257];

    /// <summary>
    /// systemd >= 256 deprecates cgroup v1: on a host with hybrid cgroups 257 still boots in nspawn's default
    /// (hybrid) layout, but complains ("Failed to attach 1 to compat systemd cgroup '/init.scope'") and runs
    /// units in a setup it no longer supports. nspawn is told to give it cgroup v2 only
    /// (SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1). 252 boots as it always did (nspawn picks what the host has).
    /// </summary>
    public bool NeedsUnifiedCgroupHierarchy => Version >= 256;

    /// <summary>
    /// systemd >= 254 sets up /run/host/os-release in a unit's namespace; under the trusted profile
    /// (BindPaths=/run) that is the container's /run, whose /run/host nspawn mounts read-only: 226/NAMESPACE.
    /// An nspawn artefact, not an image problem, so the harness makes /run/host writable after boot.
    /// </summary>
    public bool NeedsWritableRunHost => Version >= 254;

    public override string ToString() => $"systemd {Version} ({Debian} {Suite})";
}
