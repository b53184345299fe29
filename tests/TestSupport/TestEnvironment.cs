namespace PortableService.TestSupport;

/// <summary>Where the tests run: under CI (CI=true) a missing prerequisite fails a test; elsewhere it skips it.</summary>
public static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the tests run as root (effective user ID 0).</summary>
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Why a test that needs root is skipped, or null when it runs (always under CI).</summary>
    public static string? RootSkipReason => IsRoot || IsCi ? null : "needs root (mknod, mount); under CI=true this fails instead";
}
