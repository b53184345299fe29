using System.Runtime.Versioning;
using System.Diagnostics;

namespace PortableService.Tests.Systemd;

/// <summary>
/// Finds the cached container root of a <see cref="SystemdRelease"/> (Debian 12 bookworm, Debian 13 trixie) that
/// <c>.ci/install-systemd-test-deps.sh --suite SUITE</c> builds (debootstrap, cached under
/// /var/cache/portable-service-tests/rootfs-HASH, HASH over its inputs), building it first when it is missing.
/// The script is the single owner of the cache key.
/// </summary>
[SupportedOSPlatform("linux")]
public static class RootfsCache
{
    /// <summary>
    /// Set to an existing root directory to use it as it is (no script run): PORTABLE_SERVICE_TEST_ROOTFS_BOOKWORM,
    /// PORTABLE_SERVICE_TEST_ROOTFS_TRIXIE; PORTABLE_SERVICE_TEST_ROOTFS alone still means bookworm's.
    /// </summary>
    public const string RootOverrideVariable = "PORTABLE_SERVICE_TEST_ROOTFS";

    public const string ScriptRelativePath = ".ci/install-systemd-test-deps.sh";

    /// <summary>Long enough for apt-get plus a debootstrap on a slow mirror.</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);

    private static readonly Dictionary<SystemdRelease, Lazy<string>> s_roots = SystemdRelease.All.ToDictionary(
        release => release,
        release => new Lazy<string>(() => Resolve(release), LazyThreadSafetyMode.ExecutionAndPublication));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<SystemdRelease, TimeSpan> s_durations = new();

    /// <summary>How long finding (or building) bookworm's root took in this process, once it was asked for.</summary>
    public static TimeSpan? ResolveDuration => GetResolveDuration(SystemdRelease.Systemd252);

    /// <summary>How long finding (or building) the release's root took in this process, once it was asked for.</summary>
    public static TimeSpan? GetResolveDuration(SystemdRelease release) =>
        s_durations.TryGetValue(release, out var duration) ? duration : null;

    /// <summary>Bookworm's root directory (systemd 252), ready to boot; built on first use (once per test process).</summary>
    public static string GetOrCreate() => GetOrCreate(SystemdRelease.Systemd252);

    /// <summary>The release's root directory, ready to boot; built on first use (once per test process).</summary>
    public static string GetOrCreate(SystemdRelease release) =>
        s_roots.TryGetValue(release, out var root)
            ? root.Value
            : throw new ArgumentException($"No container root is known for {release}.", nameof(release));

    /// <summary>The variable that overrides the release's root (see <see cref="RootOverrideVariable"/>).</summary>
    public static string OverrideVariable(SystemdRelease release) =>
        RootOverrideVariable + "_" + release.Suite.ToUpperInvariant();

    /// <summary>The install script, found by walking up from the test assembly and the current directory.</summary>
    public static string FindScript()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, ScriptRelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new SystemdTestPrerequisiteException(
            $"Cannot find {ScriptRelativePath} above {AppContext.BaseDirectory}; set {RootOverrideVariable} to a booted-ready root instead.");
    }

    /// <summary>True when the directory looks like a root this harness can boot and attach images in.</summary>
    public static bool IsUsableRoot(string root) =>
        File.Exists(Path.Combine(root, "lib/systemd/systemd"))
        && File.Exists(Path.Combine(root, "usr/bin/portablectl"))
        && File.Exists(Path.Combine(root, "usr/bin/journalctl"));

    private static string Resolve(SystemdRelease release)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var variable = OverrideVariable(release);
            var overridden = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(overridden) && release == SystemdRelease.Systemd252)
            {
                variable = RootOverrideVariable;
                overridden = Environment.GetEnvironmentVariable(variable);
            }

            if (!string.IsNullOrEmpty(overridden))
            {
                return IsUsableRoot(overridden)
                    ? overridden
                    : throw new SystemdTestPrerequisiteException(
                        $"{variable}={overridden} is not a Debian root with systemd and portablectl.");
            }

            SystemdTestPrerequisites.RequireRootOnLinux();
            var script = FindScript();
            var result = ProcessRunner.Run(["/bin/bash", script, "--suite", release.Suite, "--print-root"], BuildTimeout);
            if (!result.Succeeded)
            {
                throw new SystemdTestPrerequisiteException(
                    $"Could not install the systemd test dependencies or build the {release.Suite} container root ({release}).{Environment.NewLine}{result}");
            }

            var root = result.OutputLines.LastOrDefault(line => line.Length > 0)?.Trim();
            return root is not null && IsUsableRoot(root)
                ? root
                : throw new SystemdTestPrerequisiteException($"{script} printed no usable root.{Environment.NewLine}{result}");
        }
        finally
        {
            s_durations[release] = stopwatch.Elapsed;
        }
    }
}
