namespace Squashfs.Compression;

/// <summary>
/// The names mksquashfs gives compressors and option values, in mksquashfs's order, which is also the order of
/// their bits in the options blocks.
/// </summary>
internal static class CompressionNames
{
    public static readonly (string Name, SquashfsCompressorId Id)[] Compressors =
    [
        ("gzip", SquashfsCompressorId.Gzip),
        ("lzo", SquashfsCompressorId.Lzo),
        ("lz4", SquashfsCompressorId.Lz4),
        ("xz", SquashfsCompressorId.Xz),
        ("zstd", SquashfsCompressorId.Zstd),
        ("lzma", SquashfsCompressorId.Lzma),
    ];

    public static readonly (string Name, GzipStrategies Flag)[] Strategies =
    [
        ("default", GzipStrategies.Default),
        ("filtered", GzipStrategies.Filtered),
        ("huffman_only", GzipStrategies.HuffmanOnly),
        ("run_length_encoded", GzipStrategies.RunLengthEncoded),
        ("fixed", GzipStrategies.Fixed),
    ];

    public static readonly (string Name, XzFilters Flag)[] Filters =
    [
        ("x86", XzFilters.X86),
        ("powerpc", XzFilters.PowerPC),
        ("ia64", XzFilters.IA64),
        ("arm", XzFilters.Arm),
        ("armthumb", XzFilters.ArmThumb),
        ("sparc", XzFilters.Sparc),
    ];

    public static readonly (string Name, LzoAlgorithm Flag)[] Algorithms =
    [
        ("lzo1x_1", LzoAlgorithm.Lzo1x1),
        ("lzo1x_1_11", LzoAlgorithm.Lzo1x1_11),
        ("lzo1x_1_12", LzoAlgorithm.Lzo1x1_12),
        ("lzo1x_1_15", LzoAlgorithm.Lzo1x1_15),
        ("lzo1x_999", LzoAlgorithm.Lzo1x999),
    ];

    public static string NameOf(SquashfsCompressorId id) => Compressors.First(c => c.Id == id).Name;

    public static string NameOf(LzoAlgorithm algorithm) => Algorithms.First(a => a.Flag == algorithm).Name;

    /// <summary>The names of the flags set in <paramref name="flags"/>, comma-separated, in table order.</summary>
    public static string Join<TFlag>((string Name, TFlag Flag)[] table, TFlag flags)
        where TFlag : struct, Enum =>
        string.Join(',', table.Where(t => flags.HasFlag(t.Flag)).Select(t => t.Name));

    /// <summary>All names of a table, for messages: "x86, powerpc, ia64".</summary>
    public static string List<TFlag>((string Name, TFlag Flag)[] table) => string.Join(", ", table.Select(t => t.Name));
}
