using System.Diagnostics;

namespace DiskImages.Tests.Support;

/// <summary>
/// The real tools the tests compare against (veritysetup, openssl, sfdisk, systemd-repart). Under CI (CI=true) a
/// missing tool fails the test with what to install; locally the tests that need it are skipped.
/// </summary>
internal static class Tools
{
    private const string Install = "run scripts/install-test-deps.sh (cryptsetup-bin, openssl, fdisk)";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>The full path of a program on PATH or in the sbin directories (veritysetup and sfdisk live there), or null.</summary>
    public static string? Find(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return path.Concat(["/usr/sbin", "/sbin", "/usr/bin"]).Select(d => Path.Join(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Why a test needing these tools is skipped, or null when it runs (always under CI).</summary>
    public static string? SkipReason(params string[] tools)
    {
        if (IsCi)
        {
            return null;
        }

        var missing = tools.Where(t => Find(t) is null).ToArray();
        return missing.Length == 0 ? null : $"needs {string.Join(", ", missing)}: {Install} (under CI=true this fails instead)";
    }

    public static Result Run(string name, params string[] arguments)
    {
        var program = Find(name) ?? throw new InvalidOperationException($"The test needs '{name}', which is not installed: {Install}.");
        var start = new ProcessStartInfo(program)
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

    public static string RunChecked(string name, params string[] arguments)
    {
        var result = Run(name, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} {string.Join(' ', arguments)} failed with {result.ExitCode}: {result.Stderr}{result.Stdout}");
        }

        return result.Stdout;
    }
}
