using System.Text.Json.Serialization;
using PortableService.Systemd;

namespace PortableService.Cli.Output;

/// <summary>
/// What each command prints with --json. The serializer code is generated at compile time rather than found by
/// reflection, so the CLI also compiles ahead of time (PublishAot), which starts in a fraction of the JIT's time.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BuildJson))]
[JsonSerializable(typeof(ClosureJson))]
[JsonSerializable(typeof(InspectJson))]
[JsonSerializable(typeof(List<ProfileVerdictJson>))]
[JsonSerializable(typeof(SquashJson))]
[JsonSerializable(typeof(CacheJson))]
internal sealed partial class JsonOutput : JsonSerializerContext;

internal sealed record WarningJson(string Code, string Message);

internal sealed record BuildJson(string Path, long Size, string Sha256, long Files, long BytesIn, int ClosureItems, string Writer, double Seconds, IReadOnlyList<WarningJson> Warnings)
{
    public string Format { get; init; } = "squashfs";

    public string? RootHash { get; init; }

    public IReadOnlyList<string> Sidecars { get; init; } = [];

    public bool Signed { get; init; }
}

internal sealed record ClosureItemJson(string Path, string Kind, long Size, string Reason);

internal sealed record PlannedEntryJson(string Path, string Kind, string? Source, string Reason);

internal sealed record ClosureJson(IReadOnlyList<PlannedEntryJson> Planned, IReadOnlyList<ClosureItemJson> Items, long TotalSize, IReadOnlyList<WarningJson> Warnings);

internal sealed record UnitJson(string Name, string Path, string? Text);

internal sealed record FindingJson(string Code, string Severity, string Message, string? Location);

internal sealed record InspectJson(
    string Image,
    IReadOnlyList<string> Prefixes,
    string? OsReleasePath,
    IReadOnlyDictionary<string, string> OsRelease,
    IReadOnlyList<UnitJson> Units,
    IReadOnlyList<FindingJson> Findings,
    bool Ok,
    ProfileJson? Profile)
{
    public string? Format { get; init; }

    public string? Protection { get; init; }

    public string? RootHash { get; init; }

    public string? Signer { get; init; }
}

internal sealed record ProfileJson(string Name, string Source);

internal sealed record ProfileVerdictJson(string Profile, string Source, bool Starts, IReadOnlyList<FindingJson> Findings);

internal sealed record SquashJson(string Path, long Size, long Files, long BytesIn, long DuplicateFiles, long FragmentBlocks, double Seconds, long CachedBlocks);

internal sealed record CacheJson(string Directory, long Entries, long Bytes, long SizeLimit);
