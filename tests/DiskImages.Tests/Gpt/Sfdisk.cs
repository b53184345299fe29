using System.Text.Json;
using DiskImages.Tests.Support;

namespace DiskImages.Tests.Gpt;

/// <summary><c>sfdisk --json</c>: the partition table as util-linux reads it.</summary>
internal static class Sfdisk
{
    public sealed record Partition(long Start, long Size, string Type, string Uuid, string Name, string? Attrs);

    public sealed record Table(string Label, string Id, long FirstLba, long LastLba, IReadOnlyList<Partition> Partitions);

    public static Table Read(string disk)
    {
        using var json = JsonDocument.Parse(ExternalTool.RunChecked("sfdisk", "--json", disk).Stdout);
        var table = json.RootElement.GetProperty("partitiontable");
        var partitions = table.TryGetProperty("partitions", out var list)
            ? list.EnumerateArray().Select(p => new Partition(
                p.GetProperty("start").GetInt64() * 512,
                p.GetProperty("size").GetInt64() * 512,
                p.GetProperty("type").GetString()!.ToLowerInvariant(),
                p.GetProperty("uuid").GetString()!.ToLowerInvariant(),
                p.TryGetProperty("name", out var name) ? name.GetString()! : "",
                p.TryGetProperty("attrs", out var attrs) ? attrs.GetString() : null)).ToArray()
            : [];
        return new Table(table.GetProperty("label").GetString()!, table.GetProperty("id").GetString()!.ToLowerInvariant(),
            table.GetProperty("firstlba").GetInt64(), table.GetProperty("lastlba").GetInt64(), partitions);
    }
}
