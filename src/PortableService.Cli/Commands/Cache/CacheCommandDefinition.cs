using System.CommandLine;

namespace PortableService.Cli.Commands.Cache;

/// <summary>The `cache` verb: how much the block cache holds, and clearing it.</summary>
internal sealed class CacheCommandDefinition : Command
{
    public CacheCommandDefinition()
        : base("cache", "Show the block cache's directory, entries and size against its limit; --clear empties it.")
    {
        Add(Clear);
        Add(CacheOptions.Directory);
        Add(CacheOptions.SizeLimit);
        Add(SharedOptions.Json);
        Add(SharedOptions.Verbose);
    }

    public Option<bool> Clear { get; } = new("--clear") { Description = "Remove every cached block." };
}
