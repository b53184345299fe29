namespace PortableService.Cli.Output;

/// <summary>Where a command writes: results to <see cref="Out"/>, messages and progress to <see cref="Error"/>.</summary>
public sealed record CommandOutput(TextWriter Out, TextWriter Error, bool ErrorIsTerminal)
{
    public static CommandOutput Console => new(System.Console.Out, System.Console.Error, !System.Console.IsErrorRedirected);
}
