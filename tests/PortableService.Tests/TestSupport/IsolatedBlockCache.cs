using System.Runtime.CompilerServices;

namespace PortableService.Tests.TestSupport;

/// <summary>
/// Every build in the tests that takes the default block cache (the CLI's $XDG_CACHE_HOME/portable-service) uses a
/// cache of this test run's own, never the user's: set before any test runs, inherited by the CLIs they start.
/// </summary>
internal static class IsolatedBlockCache
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        var directory = Path.Join(Path.GetTempPath(), $"ps-tests-xdg-cache-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(directory);
    }

    private static void Remove(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A CLI still writing at exit: the folder is in /tmp and named after this run, so it harms nobody.
        }
    }
}
