namespace Squashfs.Compression;

/// <summary>The lzo -Xalgorithm values, numbered as mksquashfs stores them in the lzo options block.</summary>
internal enum LzoAlgorithm : uint
{
    Lzo1x1 = 0,
    Lzo1x1_11 = 1,
    Lzo1x1_12 = 2,
    Lzo1x1_15 = 3,
    Lzo1x999 = 4,
}
