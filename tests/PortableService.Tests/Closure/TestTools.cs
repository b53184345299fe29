using System.Diagnostics;

namespace PortableService.Tests.Closure;

/// <summary>
/// External tools the closure tests compare against (ldd, gcc, readelf, nix). Under CI (CI=true) a missing tool is a
/// failure with a clear message; locally the tests that need it are skipped.
/// </summary>
internal static class TestTools
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? Find(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The path of a required tool; throws (failing the test) with what to install when it is missing.</summary>
    public static string Require(string name, string install)
    {
        return Find(name) ?? throw new InvalidOperationException(
            $"The closure tests need '{name}' on PATH and it is missing. Install it: {install}" +
            (IsCi ? " (CI=true: tests that need it fail instead of being skipped)." : "."));
    }

    /// <summary>Why a test needing these tools is skipped, or null when it runs (always runs under CI).</summary>
    public static string? SkipReason(params string[] tools)
    {
        if (IsCi)
        {
            return null;
        }

        var missing = tools.Where(t => Find(t) is null).ToArray();
        return missing.Length == 0 ? null : $"needs {string.Join(", ", missing)} (not on PATH; under CI=true this fails instead)";
    }

    /// <summary>Runs a program and returns its standard output; throws with its standard error when it fails.</summary>
    public static string Run(string program, params string[] arguments) => RunIn(null, program, arguments);

    public static string RunIn(string? workingDirectory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{program} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }
}
