namespace Squashfs.Tests.Compression;

/// <summary>Settings that between them reach every codec and every option that changes how a codec compresses.</summary>
internal static class Codecs
{
    public static TheoryData<string> All => new()
    {
        "gzip",
        "gzip -Xcompression-level 1 -Xwindow-size 8",
        "gzip -Xstrategy default,filtered,huffman_only,run_length_encoded,fixed",
        "lzma",
        "lzo",
        "lzo -Xalgorithm lzo1x_1",
        "lzo -Xalgorithm lzo1x_1_11",
        "lzo -Xalgorithm lzo1x_1_12",
        "lzo -Xalgorithm lzo1x_1_15",
        "lzo -Xcompression-level 1",
        "xz",
        "xz -Xdict-size 25%",
        "xz -Xbcj x86,powerpc,ia64,arm,armthumb,sparc",
        "lz4",
        "lz4 -Xhc",
        "zstd",
        "zstd -Xcompression-level 1",
        "zstd -Xcompression-level 22",
    };

    /// <summary>One setting per codec.</summary>
    public static TheoryData<string> Each => new() { "gzip", "lzma", "lzo", "xz", "lz4", "zstd" };
}
