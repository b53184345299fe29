using PortableService.Cli;
using PortableService.Cli.Output;

namespace PortableService.Tests.TestSupport;

/// <summary>Runs the real `portable-service` command line in-process and captures what it prints.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = CommandLine.Run(args, new CommandOutput(stdout, stderr, ErrorIsTerminal: false));
        return new Result(exitCode, stdout.ToString(), stderr.ToString());
    }
}
