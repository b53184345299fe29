using Squashfs.Compression;
using Squashfs.Tree;

namespace Squashfs.Tests.Support;

/// <summary>Builds images with our writer for the tests.</summary>
public static class Images
{
    /// <summary>The compressors, in mksquashfs syntax, that every round-trip test covers.</summary>
    public static TheoryData<string> AllCompressors => new() { "gzip", "xz", "lzma", "lzo", "lz4", "zstd" };

    /// <summary>The compressors the Linux kernel reads (it has no legacy lzma).</summary>
    public static TheoryData<string> KernelCompressors => new() { "gzip", "xz", "lzo", "lz4", "zstd" };

    public static SquashfsWriterOptions Options(string compression = "gzip", int blockSize = TestTrees.SmallBlock) => new()
    {
        Compression = CompressionSettings.Parse(compression),
        BlockSize = blockSize,
        FilesystemTime = 1_234_567_890,
    };

    public static string WriteFromHost(string sourceDirectory, string imagePath, SquashfsWriterOptions options)
    {
        var root = new HostTreeLoader().LoadRoot(sourceDirectory);
        SquashfsWriter.Write(root, imagePath, options);
        return imagePath;
    }
}
