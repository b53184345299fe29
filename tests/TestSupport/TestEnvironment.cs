namespace PortableService.TestSupport;

/// <summary>Where the tests run: under CI (CI=true) a missing prerequisite fails a test; elsewhere it skips it.</summary>
public static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
