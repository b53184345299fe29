using System.CommandLine;
using System.CommandLine.Parsing;
using PortableService.Cli.Commands;
using PortableService.Cli.Commands.Build;
using PortableService.Cli.Commands.Cache;
using PortableService.Cli.Commands.Closure;
using PortableService.Cli.Commands.Inspect;
using PortableService.Cli.Commands.Squash;
using PortableService.Cli.Output;
using PortableService.Diagnostics;

namespace PortableService.Cli;

/// <summary>
/// The `portable-service` command line: parses, runs the verb, and turns failures into messages and exit codes in
/// one place. User errors print their message only (the stack trace with --verbose); bugs print everything.
/// </summary>
public static class CommandLine
{
    public static int Run(string[] args, CommandOutput output, CancellationToken cancellationToken = default)
    {
        var build = new BuildCommandDefinition();
        var closure = new ClosureCommandDefinition();
        var squash = new SquashCommandDefinition();
        var inspect = new InspectCommandDefinition();
        var cache = new CacheCommandDefinition();
        var root = new RootCommand("Build and inspect systemd portable service images, as nixpkgs' pkgs.portableService does.\n\n" +
            "Examples:\n" +
            "  portable-service build examples/hello/hello.json -o out\n" +
            "  portable-service build --pname hello --version 1.0 --unit hello.service --content /usr/bin/hello\n" +
            "  portable-service closure examples/hello/hello.json\n" +
            "  portable-service inspect out/hello_2.12.1.raw --cat")
        {
            build,
            closure,
            squash,
            inspect,
            cache,
        };
        build.SetAction(parse => Guarded(parse, output, Writes, () => BuildCommand.Execute(parse, build, output, cancellationToken)));
        inspect.SetAction(parse => Guarded(parse, output, ReadsOnly, () => InspectCommand.Execute(parse, inspect, output, cancellationToken)));
        squash.SetAction(parse => Guarded(parse, output, Writes, () => SquashCommand.Execute(parse, squash, output, cancellationToken)));
        closure.SetAction(parse => Guarded(parse, output, ReadsOnly, () => ClosureCommand.Execute(parse, closure, output, cancellationToken)));
        cache.SetAction(parse => Guarded(parse, output, ReadsOnly, () => CacheCommand.Execute(parse, cache, output)));

        var result = root.Parse(SharedOptions.GiveSpecBackToTheVerb(args));
        if (EmptyValue(result) is { } empty)
        {
            output.Error.WriteLine($"error: {empty} was given an empty value (an unset shell variable?): give it a value, or leave it out.");
            output.Error.WriteLine("Run 'portable-service --help' for usage.");
            return ExitCodes.Usage;
        }

        if (UnknownOption(result) is { } unknown)
        {
            output.Error.WriteLine(TerminalText.Message($"error: unknown option '{unknown}': check its spelling in 'portable-service --help'."));
            return ExitCodes.Usage;
        }

        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                output.Error.WriteLine(TerminalText.Message($"error: {error.Message}"));
            }

            output.Error.WriteLine("Run 'portable-service --help' for usage.");
            return ExitCodes.Usage;
        }

        return result.Invoke(new InvocationConfiguration { Output = output.Out, Error = output.Error, EnableDefaultExceptionHandler = false });
    }

    /// <summary>
    /// The option (or "an argument") that was given an empty value or one holding NUL: no path, name or setting is
    /// empty, and checking at the door keeps such values from reaching the library as paths.
    /// </summary>
    private static string? EmptyValue(ParseResult result)
    {
        var tokens = result.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.Argument && (tokens[i].Value.Length == 0 || tokens[i].Value.Contains('\0')))
            {
                return i > 0 && tokens[i - 1].Type == TokenType.Option ? tokens[i - 1].Value : "an argument";
            }
        }

        return null;
    }

    /// <summary>
    /// A verb's argument (the spec file, the image) that looks like an option (<c>--verity-x</c>) and names no file:
    /// the parser took a misspelt option for it, which would then be reported as a missing file.
    /// </summary>
    private static string? UnknownOption(ParseResult result) =>
        result.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens)
            .FirstOrDefault(t => t.Value.Length > 1 && t.Value[0] == '-' && !Path.Exists(t.Value))?.Value;

    /// <summary>What a verb says when Ctrl-C stops it: those that write files say that none was left behind.</summary>
    private const string Writes = "interrupted: nothing was written.";
    private const string ReadsOnly = "interrupted.";

    private static int Guarded(ParseResult parse, CommandOutput output, string interrupted, Func<int> run)
    {
        var verbose = parse.GetValue(SharedOptions.Verbose);
        try
        {
            return run();
        }
        catch (DiagnosticException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                output.Error.WriteLine(TerminalText.Line(diagnostic));
            }

            ShowStack(output, e, verbose);
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException)
        {
            output.Error.WriteLine(interrupted);
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException)
        {
            output.Error.WriteLine(TerminalText.Message($"error: {e.Message}"));
            ShowStack(output, e, verbose);
            return ExitCodes.UserError;
        }
        catch (Exception e)
        {
            output.Error.WriteLine($"internal error (please report it): {e}");
            return ExitCodes.InternalError;
        }
    }

    private static void ShowStack(CommandOutput output, Exception e, bool verbose)
    {
        if (verbose)
        {
            output.Error.WriteLine(TerminalText.Block(e.ToString()));
        }
    }
}
