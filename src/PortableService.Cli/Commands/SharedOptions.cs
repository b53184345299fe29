using System.CommandLine;

namespace PortableService.Cli.Commands;

/// <summary>Options that several verbs take, defined once.</summary>
internal static class SharedOptions
{
    public static Option<bool> Json { get; } = new("--json") { Description = "Print a machine-readable JSON record instead of text." };

    public static Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Show stack traces of errors." };

    /// <summary>Bare: every library, interpreter or store path may be missing; with a value (repeatable): that one only.</summary>
    public static Option<string[]> AllowMissing { get; } = new("--allow-missing")
    {
        Description = "Warn instead of failing when a library (or a path) cannot be found: --allow-missing NAME for that one (repeatable), bare for all. A program a unit names is never optional.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// <c>--allow-missing app.json</c> means the bare switch and the verb's SPEC, not a library called app.json; an
    /// option cannot give a token back to the verb once parsed, so the two change places before parsing.
    /// </summary>
    public static string[] GiveSpecBackToTheVerb(string[] args)
    {
        var reordered = (string[])args.Clone();
        for (var i = 0; i + 1 < reordered.Length; i++)
        {
            if (reordered[i] == AllowMissing.Name && reordered[i + 1].EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                (reordered[i], reordered[i + 1]) = (reordered[i + 1], reordered[i]);
                i++;
            }
        }

        return reordered;
    }

    /// <summary>The closure options the shared switches give.</summary>
    public static PortableService.Closure.ClosureOptions ClosureOptions(ParseResult parse)
    {
        var allowMissing = parse.GetResult(AllowMissing);
        var names = parse.GetValue(AllowMissing) ?? [];
        return new PortableService.Closure.ClosureOptions
        {
            AllowMissing = allowMissing is not null && names.Length == 0,
            AllowMissingNames = names,
            ExtraLibraryDirectories = [.. (parse.GetValue(ExtraLibraryDirectories) ?? []).Select(Path.GetFullPath)],
        };
    }

    public static Option<string[]> ExtraLibraryDirectories { get; } = new("--library-path", "-L") { Description = "An extra directory to search for shared libraries (repeatable)." };
}
