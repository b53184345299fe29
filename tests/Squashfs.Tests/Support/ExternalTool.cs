using System.Diagnostics;

namespace Squashfs.Tests.Support;

/// <summary>Runs the real tools (unsquashfs, mksquashfs, mount) that the tests compare against. A missing tool fails the test.</summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string Require(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Join(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"The test needs '{name}', which is not installed. Run .ci/install-test-deps.sh (squashfs-tools, squashfs-tools-ng).");
    }

    public static Result Run(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo(Require(name))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

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
