namespace Squashfs.Compression;

/// <summary>The gzip -Xstrategy set, with the bits mksquashfs stores in the gzip options block.</summary>
[Flags]
internal enum GzipStrategies : ushort
{
    None = 0,
    Default = 1 << 0,
    Filtered = 1 << 1,
    HuffmanOnly = 1 << 2,
    RunLengthEncoded = 1 << 3,
    Fixed = 1 << 4,
    All = Default | Filtered | HuffmanOnly | RunLengthEncoded | Fixed,
}
