using Squashfs.Compression;

namespace Squashfs.Tests.Compression;

public class SquashfsCompressorDecompressTests
{
    public static TheoryData<string> Each => Codecs.Each;

    [Theory]
    [MemberData(nameof(Each))]
    public void RefusesTruncatedBlocks(string settings)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);
        byte[] compressed = Compress(compressor, TestData.Compressible(BlockSize.Default));

        // lzma, as unsquashfs, accepts a stream without an end marker once all bytes came out; so cutting off just
        // the end marker is not caught there.
        int[] lengths = settings == "lzma" ? [0, 1, compressed.Length / 2] : [0, 1, compressed.Length / 2, compressed.Length - 1];
        Assert.All(lengths, length => Assert.IsType<InvalidDataException>(
            Record.Exception(() => compressor.Decompress(compressed.AsSpan(0, length), new byte[BlockSize.Default]))));
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void RefusesGarbage(string settings)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);
        byte[] garbage = Enumerable.Repeat((byte)0xFF, 300).ToArray();

        Assert.Throws<InvalidDataException>(() => compressor.Decompress(garbage, new byte[BlockSize.Default]));
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void RefusesBlocksLargerThanTheOutputAndWritesNoFurther(string settings)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);
        byte[] compressed = Compress(compressor, TestData.Compressible(BlockSize.Default));
        var output = new byte[BlockSize.Default];
        Array.Fill(output, (byte)0xA5);

        Assert.Throws<InvalidDataException>(() => compressor.Decompress(compressed, output.AsSpan(0, BlockSize.Default / 2)));
        Assert.All(output.Skip(BlockSize.Default / 2), b => Assert.Equal(0xA5, b));
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void DecompressesIntoALargerOutput(string settings)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);
        byte[] data = TestData.Compressible(1000);
        byte[] compressed = Compress(compressor, data);

        var output = new byte[BlockSize.Default];
        int length = compressor.Decompress(compressed, output);

        Assert.Equal(data, output.AsSpan(0, length).ToArray());
    }

    private static byte[] Compress(ISquashfsCompressor compressor, byte[] data)
    {
        var output = new byte[data.Length];
        int length = compressor.Compress(data, output);
        Assert.True(length > 0);
        return output.AsSpan(0, length).ToArray();
    }
}
