using Squashfs.Compression;

namespace Squashfs.Tests.Compression;

public class SquashfsCompressorDisposeTests
{
    /// <summary>
    /// The codecs that hold native encoder and decoder state (liblzma's buffers, libzstd's contexts) free it on
    /// Dispose: a disposed compressor refuses work instead of reaching freed memory.
    /// </summary>
    [Theory]
    [InlineData("lzma")]
    [InlineData("xz")]
    [InlineData("zstd")]
    public void DisposedCompressor_RefusesToCompressOrDecompress(string settings)
    {
        ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);
        byte[] data = TestData.Compressible(BlockSize.Default);
        var compressed = new byte[data.Length];
        int length = compressor.Compress(data, compressed);
        var output = new byte[data.Length];
        compressor.Decompress(compressed.AsSpan(0, length), output);

        compressor.Dispose();

        Assert.Throws<ObjectDisposedException>(() => compressor.Compress(data, compressed));
        Assert.Throws<ObjectDisposedException>(() => compressor.Decompress(compressed.AsSpan(0, length), output));
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void DisposingTwice_IsHarmless(string settings)
    {
        ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);
        using ISquashfsCompressor metadata = compressor.ForMetadata();
        compressor.Compress(TestData.Compressible(BlockSize.Default), new byte[BlockSize.Default]);

        compressor.Dispose();
        compressor.Dispose();

        // Each compressor owns its state: the metadata compressor taken from it still works.
        Assert.InRange(metadata.Compress(TestData.Compressible(8192), new byte[8192]), 1, 8191);
    }

    public static TheoryData<string> Each => Codecs.Each;
}
