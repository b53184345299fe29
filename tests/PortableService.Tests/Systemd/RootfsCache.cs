using System.Runtime.Versioning;
using System.Diagnostics;

namespace PortableService.Tests.Systemd;

/// <summary>
/// Finds the cached Debian 12 container root that <c>.ci/install-systemd-test-deps.sh</c> builds
/// (debootstrap, cached under /var/cache/portable-service-tests/rootfs-HASH, HASH over its inputs),
/// building it first when it is missing. The script is the single owner of the cache key.
/// </summary>
[SupportedOSPlatform("linux")]
public static class RootfsCache
{
    /// <summary>Set to an existing root directory to use it as it is (no script run).</summary>
    public const string RootOverrideVariable = "PORTABLE_SERVICE_TEST_ROOTFS";

    public const string ScriptRelativePath = ".ci/install-systemd-test-deps.sh";

    /// <summary>Long enough for apt-get plus a debootstrap on a slow mirror.</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);

    private static readonly Lazy<string> s_root = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>How long finding (or building) the root took in this process, once it was asked for.</summary>
    public static TimeSpan? ResolveDuration { get; private set; }

    /// <summary>The root directory, ready to boot; built on first use (once per test process).</summary>
    public static string GetOrCreate() => s_root.Value;

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

    private static string Resolve()
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var overridden = Environment.GetEnvironmentVariable(RootOverrideVariable);
            if (!string.IsNullOrEmpty(overridden))
            {
                return IsUsableRoot(overridden)
                    ? overridden
                    : throw new SystemdTestPrerequisiteException(
                        $"{RootOverrideVariable}={overridden} is not a Debian root with systemd and portablectl.");
            }

            SystemdTestPrerequisites.RequireRootOnLinux();
            var script = FindScript();
            var result = ProcessRunner.Run(["/bin/bash", script, "--print-root"], BuildTimeout);
            if (!result.Succeeded)
            {
                throw new SystemdTestPrerequisiteException(
                    $"Could not install the systemd test dependencies or build the container root.{Environment.NewLine}{result}");
            }

            var root = result.OutputLines.LastOrDefault(line => line.Length > 0)?.Trim();
            return root is not null && IsUsableRoot(root)
                ? root
                : throw new SystemdTestPrerequisiteException($"{script} printed no usable root.{Environment.NewLine}{result}");
        }
        finally
        {
            ResolveDuration = stopwatch.Elapsed;
        }
    }
}
