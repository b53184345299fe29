using System.Diagnostics;

namespace PortableService.TestSupport;

/// <summary>
/// Runs the real tools the tests compare against (unsquashfs, mksquashfs, mount, veritysetup, openssl, sfdisk,
/// systemd-repart, ldd, gcc, readelf...). A missing tool fails the test that runs it, saying what to install.
/// </summary>
public static class ExternalTool
{
    public const string InstallHint = "run scripts/install-test-deps.sh as root (squashfs-tools, cryptsetup-bin, openssl, fdisk, ...)";

    // veritysetup, sfdisk and mount live in the sbin directories, which a non-root PATH may lack.
    private static readonly string[] SearchPath = ["/usr/sbin", "/sbin", "/usr/bin"];

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>The full path of a program on PATH or in the sbin directories (a path is taken as it is), or null.</summary>
    public static string? Find(string name)
    {
        if (name.Contains('/'))
        {
            return File.Exists(name) ? name : null;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return path.Concat(SearchPath).Select(d => Path.Join(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>The path of a required tool; throws (failing the test) with what to install when it is missing.</summary>
    public static string Require(string name, string install = InstallHint) =>
        Find(name) ?? throw new InvalidOperationException(
            $"The test needs '{name}', which is not installed: {install}" +
            (TestEnvironment.IsCi ? " (CI=true: tests that need it fail instead of being skipped)." : "."));

    /// <summary>Why a test needing these tools is skipped, or null when it runs (always under CI).</summary>
    public static string? SkipReason(params string[] tools)
    {
        if (TestEnvironment.IsCi)
        {
            return null;
        }

        var missing = tools.Where(t => Find(t) is null).ToArray();
        return missing.Length == 0 ? null : $"needs {string.Join(", ", missing)}: {InstallHint} (under CI=true this fails instead)";
    }

    /// <summary>Runs a program to its end with no input; its exit code is the caller's to judge.</summary>
    public static Result Run(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo(Require(name))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
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
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a program and fails the test, with its output, when it exits with anything but 0.</summary>
    public static Result RunChecked(string name, params string[] arguments)
    {
        var result = Run(name, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} {string.Join(' ', arguments)} failed with {result.ExitCode}: {result.Stderr}{result.Stdout}");
        }

        return result;
    }
}
