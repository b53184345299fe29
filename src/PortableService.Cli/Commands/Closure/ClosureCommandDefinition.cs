using System.CommandLine;

namespace PortableService.Cli.Commands.Closure;

/// <summary>The `closure` verb: what a spec pulls into its image, and why.</summary>
internal sealed class ClosureCommandDefinition : Command
{
    public ClosureCommandDefinition()
        : base("closure", "Print the dependency closure of a spec: each path, its size, and which root or file needed it.")
    {
        Add(Spec);
        Add(SharedOptions.AllowMissing);
        Add(SharedOptions.ExtraLibraryDirectories);
        Add(SharedOptions.Json);
        Add(SharedOptions.Verbose);
    }

    public Argument<FileInfo> Spec { get; } = new("SPEC") { Description = "A JSON spec file." };
}
