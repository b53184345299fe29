using System.ComponentModel;
using System.Diagnostics;

namespace PortableService.Closure.Nix;

/// <summary>Runs <c>nix-store --query --requisites PATH</c> and reads the closure it prints, one path a line.</summary>
internal static class NixStoreCommand
{
    /// <summary>The closure of <paramref name="storePath"/>, or null with <paramref name="problem"/> saying why not.</summary>
    public static IReadOnlyList<string>? Requisites(string command, string storePath, CancellationToken cancellationToken, out string? problem)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--query");
        start.ArgumentList.Add("--requisites");
        start.ArgumentList.Add(storePath);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception e)
        {
            problem = $"'{command}' cannot be run: {e.Message}";
            return null;
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = stdout.GetAwaiter().GetResult();
            var errors = stderr.GetAwaiter().GetResult().Trim();
            if (process.ExitCode != 0)
            {
                problem = $"'{command} --query --requisites {storePath}' failed with exit code {process.ExitCode}" + (errors.Length > 0 ? ": " + errors : "");
                return null;
            }

            problem = null;
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }
}
