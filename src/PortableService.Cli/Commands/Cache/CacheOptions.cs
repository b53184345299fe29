using System.CommandLine;
using System.Globalization;
using PortableService.Building;
using PortableService.Diagnostics;
using PortableService.Validation;
using Squashfs.Caching;

namespace PortableService.Cli.Commands.Cache;

/// <summary>The block cache options of `build`, `squash` and `cache`, defined once, and the cache they select.</summary>
internal static class CacheOptions
{
    public static Option<string?> Directory { get; } = new("--cache") { Description = "Keep compressed blocks in this directory between builds (default $XDG_CACHE_HOME/portable-service, else ~/.cache/portable-service)." };

    public static Option<bool> NoCache { get; } = new("--no-cache") { Description = "Compress every block; neither read nor write the block cache." };

    public static Option<string?> SizeLimit { get; } = new("--cache-size") { Description = "The most the block cache keeps, such as 2G or 500M; least recently used blocks go first (default a tenth of its disk, 256M to 10G)." };

    /// <summary>Adds the options to a verb that builds images.</summary>
    public static void AddTo(Command command)
    {
        command.Add(Directory);
        command.Add(NoCache);
        command.Add(SizeLimit);
    }

    /// <summary>The cache the options select, or null with --no-cache.</summary>
    public static BlockCache? Resolve(ParseResult parse)
    {
        if (parse.GetValue(NoCache))
        {
            return null;
        }

        var limit = parse.GetValue(SizeLimit) is { } text ? ParseSize(text) : (long?)null;
        return parse.GetValue(Directory) is { } directory ? new BlockCache(directory, limit) : DefaultBlockCache.Create(limit);
    }

    /// <summary>A byte count with an optional binary K, M, G or T suffix (500M, 2G, 1.5G).</summary>
    private static long ParseSize(string text)
    {
        var trimmed = text.Trim();
        var shift = trimmed.Length == 0 ? 0 : char.ToUpperInvariant(trimmed[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            'T' => 40,
            _ => 0,
        };
        var number = shift == 0 ? trimmed : trimmed[..^1];
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value * Math.Pow(2, shift) > long.MaxValue)
        {
            throw new DiagnosticException([new Diagnostic(SpecDiagnosticCodes.MalformedOption, DiagnosticSeverity.Error, $"--cache-size '{text}' is not a size: give bytes or a number with K, M, G or T, such as 500M or 2G.", "--cache-size")]);
        }

        return (long)(value * Math.Pow(2, shift));
    }
}
