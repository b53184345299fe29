using System.Diagnostics;

namespace PortableService.Tests.Systemd;

/// <summary>Runs a program with an argument vector (no shell), capturing its output, with a time limit.</summary>
internal static class ProcessRunner
{
    /// <summary>How long to wait for output after the process ended (a grandchild may hold the pipes).</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    public static CommandResult Run(
        IReadOnlyList<string> argv,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        bool clearEnvironment = false,
        string? standardInput = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(argv.Count, nameof(argv));
        var startInfo = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(arg);
        }

        if (clearEnvironment)
        {
            startInfo.Environment.Clear();
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {ShellQuote.Join(argv)}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (standardInput is not null)
            {
                process.StandardInput.Write(standardInput);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading its input; its exit code tells the story.
        }

        var exited = process.WaitForExit(timeout);
        if (!exited)
        {
            ProcessTree.KillDescendantsFirst(process, TimeSpan.FromSeconds(2));
            process.WaitForExit(DrainTimeout);
        }

        var drained = Task.WaitAll([stdout, stderr], DrainTimeout);
        stopwatch.Stop();
        return new CommandResult(
            argv.ToArray(),
            process.HasExited ? process.ExitCode : -1,
            drained || stdout.IsCompletedSuccessfully ? stdout.Result : "[output incomplete: a child process still holds the pipe]",
            drained || stderr.IsCompletedSuccessfully ? stderr.Result : "[output incomplete: a child process still holds the pipe]",
            stopwatch.Elapsed,
            TimedOut: !exited);
    }
}
