using System.CommandLine;

namespace PortableService.Cli.Commands;

/// <summary>Options that several verbs take, defined once.</summary>
internal static class SharedOptions
{
    public static Option<bool> Json { get; } = new("--json") { Description = "Print a machine-readable JSON record instead of text." };

    public static Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Show stack traces of errors." };

    public static Option<bool> AllowMissing { get; } = new("--allow-missing") { Description = "Warn about roots or libraries that cannot be found instead of failing." };

    public static Option<string[]> ExtraLibraryDirectories { get; } = new("--library-path", "-L") { Description = "An extra directory to search for shared libraries (repeatable)." };
}
