using System.CommandLine;
using System.Text.Json;
using PortableService.Building;
using PortableService.Cli.Output;
using PortableService.Diagnostics;

namespace PortableService.Cli.Commands.Cache;

/// <summary>Runs `cache`: prints the cache's usage, after clearing it with --clear.</summary>
internal static class CacheCommand
{
    public static int Execute(ParseResult parse, CacheCommandDefinition definition, CommandOutput output)
    {
        var cache = CacheOptions.Resolve(parse)!;
        if (File.Exists(cache.Directory))
        {
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.BlockCacheUnusable, DiagnosticSeverity.Error, $"The cache {cache.Directory} is a file, not a directory: give the cache's directory with --cache.", cache.Directory)]);
        }
        if (parse.GetValue(definition.Clear))
        {
            cache.Clear();
        }

        var usage = cache.GetUsage();
        if (parse.GetValue(SharedOptions.Json))
        {
            var record = new CacheJson(cache.Directory, usage.Entries, usage.Bytes, cache.SizeLimit);
            output.Out.WriteLine(JsonSerializer.Serialize(record, JsonOutput.Default.CacheJson));
        }
        else
        {
            output.Out.WriteLine($"{cache.Directory}: {usage.Entries} blocks, {Sizes.Format(usage.Bytes)} of {Sizes.Format(cache.SizeLimit)}");
        }

        return ExitCodes.Success;
    }
}
