using System.Diagnostics;
using PortableService.Cli;
using PortableService.Cli.Output;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Robustness;

/// <summary>What one run of the CLI gave: its exit code and what it printed.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>The lines printed to standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// A scratch project for the robustness catalogue: a folder with a valid unit file (foo.service) and payload, an empty
/// output folder, and ways to run the real CLI on it, in-process (<see cref="Build"/>) or as a subprocess
/// (<see cref="StartCli"/>), then to check that the output folder holds no image and no leftovers.
/// </summary>
public sealed class BuildWorkspace : IDisposable
{
    public const string UnitText = "[Unit]\nDescription=Foo\n\n[Service]\nExecStart=/bin/true\n";

    public BuildWorkspace()
    {
        Write("foo.service", UnitText);
        Write("payload/data.txt", "payload\n");
        Output = System.IO.Directory.CreateDirectory(Combine("out")).FullName;
    }

    public TempDirectory Directory { get; } = new();

    public string Root => Directory.Path;

    /// <summary>The output folder given to every build with -o.</summary>
    public string Output { get; }

    public string Combine(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string content) => Directory.Write(relative, content);

    public string Symlink(string relative, string target) => Directory.Symlink(relative, target);

    /// <summary>The three ways an image is written: the built-in writer, an external mksquashfs, a directory.</summary>
    public static TheoryData<string> Writers => new() { "native", "mksquashfs", "directory" };

    /// <summary>The spec keys (a JSON fragment after a comma) that choose one of <see cref="Writers"/>.</summary>
    public static string WriterKeys(string writer) => writer switch
    {
        "mksquashfs" => ", \"squashfsTools\": \"/usr/bin/mksquashfs\"",
        "directory" => ", \"format\": \"directory\"",
        _ => string.Empty,
    };

    /// <summary>Writes spec.json with <paramref name="json"/> and returns its path.</summary>
    public string Spec(string json) => Write("spec.json", json);

    /// <summary>A spec with pname foo, version 1 and foo.service, plus <paramref name="extra"/> keys (a JSON fragment).</summary>
    public string SpecWith(string extra = "") =>
        Spec($$"""{ "pname": "foo", "version": "1", "units": ["foo.service"]{{(extra.Length > 0 ? ", " + extra : "")}} }""");

    /// <summary>Runs <c>portable-service build SPEC -o OUT ARGS</c> in-process.</summary>
    public CliResult Build(params string[] extra) => Run(["build", Combine("spec.json"), "-o", Output, "--quiet", .. extra]);

    /// <summary>Runs the CLI in-process with the arguments as given.</summary>
    public static CliResult Run(string[] args, CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(args, new CommandOutput(output, error, ErrorIsTerminal: false), cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString().Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    /// <summary>Asserts exit code 1 and exactly these lines on standard error, and that the output folder is empty.</summary>
    public void AssertFails(CliResult result, params string[] expectedErrorLines)
    {
        Assert.Equal(expectedErrorLines, result.ErrorLines);
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        AssertNoOutput();
    }

    /// <summary>No image, no temporary file, nothing at all in <paramref name="directory"/> (default: the output folder).</summary>
    public void AssertNoOutput(string? directory = null)
    {
        var left = System.IO.Directory.EnumerateFileSystemEntries(directory ?? Output).Select(Path.GetFileName).ToList();
        Assert.True(left.Count == 0, $"the output folder still holds: {string.Join(", ", left)}");
    }

    /// <summary>The built CLI, to run as a subprocess where signals, users or umask matter.</summary>
    public static string CliAssembly { get; } = Path.Join(AppContext.BaseDirectory, "portable-service.dll");

    /// <summary>
    /// Starts <c>dotnet portable-service.dll ARGS</c> through <c>sh -c 'SETUP; exec RUNAS env ... dotnet ...'</c>:
    /// <paramref name="setup"/> is shell code such as <c>umask 077</c>, <paramref name="runAs"/> a command prefix such
    /// as <c>setpriv --reuid=65534 ...</c>. SIGINT is reset to its default first: a shell that starts a command in the
    /// background hands it SIGINT ignored, and .NET then never sees Ctrl-C.
    /// </summary>
    public static Process StartCli(IEnumerable<string> args, string? setup = null, string? runAs = null, string? workingDirectory = null)
    {
        var command = string.Join(' ', new[] { "env", "--default-signal=INT", "HOME=/tmp", "dotnet", CliAssembly }.Concat(args).Select(Quote));
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{(setup is null ? string.Empty : setup + "; ")}exec {runAs} {command}");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(start)!;
    }

    /// <summary>Runs the CLI as a subprocess to the end (at most two minutes).</summary>
    public static CliResult RunCli(IEnumerable<string> args, string? setup = null, string? runAs = null, string? workingDirectory = null)
    {
        using var process = StartCli(args, setup, runAs, workingDirectory);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the CLI did not finish within two minutes");
        }

        return new CliResult(process.ExitCode, output.Result, error.Result);
    }

    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Runs a command (mount, umount, ...) and fails the test if it fails.</summary>
    public static void Sh(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"'{command}' failed: {error}");
    }

    public void Dispose()
    {
        // Tests may leave mode-000 folders: make everything removable first.
        foreach (var path in System.IO.Directory.EnumerateDirectories(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true }))
        {
            try
            {
                File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        Directory.Dispose();
    }
}
