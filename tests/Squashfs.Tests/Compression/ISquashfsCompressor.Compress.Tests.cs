using Squashfs.Compression;

namespace Squashfs.Tests.Compression;

public class SquashfsCompressorCompressTests
{
    public static TheoryData<string> All => Codecs.All;

    public static TheoryData<string> Each => Codecs.Each;

    [Theory]
    [MemberData(nameof(All))]
    public void RoundTripsCompressibleBlocks(string settings)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);
        byte[] data = TestData.Compressible(BlockSize.Default);

        byte[] compressed = CompressAndCheck(compressor, data);

        Assert.InRange(compressed.Length, 1, data.Length / 2);
        var decompressed = new byte[BlockSize.Default];
        Assert.Equal(data.Length, compressor.Decompress(compressed, decompressed));
        Assert.Equal(data, decompressed);
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void RoundTripsBlocksOfAnySize(string settings)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(4096);
        foreach (int size in new[] { 200, 4095, 4096 })
        {
            byte[] data = TestData.Compressible(size, seed: size);
            byte[] compressed = CompressAndCheck(compressor, data);

            var decompressed = new byte[4096];
            int length = compressor.Decompress(compressed, decompressed);
            Assert.Equal(data, decompressed.AsSpan(0, length).ToArray());
        }
    }

    /// <summary>
    /// A compressor reused block after block (xz hands liblzma's freed buffers back to it) makes the same bytes as a
    /// fresh one for each block, whatever the blocks before it held and whatever their sizes.
    /// </summary>
    [Theory]
    [MemberData(nameof(Each))]
    public void ReusedCompressor_GivesTheBytesOfAFreshOne(string settings)
    {
        CompressionSettings parsed = CompressionSettings.Parse(settings);
        using ISquashfsCompressor reused = parsed.CreateCompressor(BlockSize.Default);
        byte[][] blocks =
        [
            TestData.Compressible(BlockSize.Default, seed: 11),
            TestData.Incompressible(BlockSize.Default, seed: 12),
            TestData.Compressible(5000, seed: 13),
            TestData.Compressible(BlockSize.Default, seed: 14),
        ];

        foreach (byte[] block in blocks)
        {
            using ISquashfsCompressor fresh = parsed.CreateCompressor(BlockSize.Default);
            Assert.Equal(Compressed(fresh, block), Compressed(reused, block));
        }

        static byte[] Compressed(ISquashfsCompressor compressor, byte[] data)
        {
            var output = new byte[data.Length];
            return output.AsSpan(0, compressor.Compress(data, output)).ToArray();
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void RoundTripsMetadataBlocks(string settings)
    {
        using ISquashfsCompressor dataCompressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Max);
        using ISquashfsCompressor compressor = dataCompressor.ForMetadata();
        byte[] data = TestData.Compressible(MksquashfsImage.MetadataBlockSize, seed: 3);

        byte[] compressed = CompressAndCheck(compressor, data);

        var decompressed = new byte[MksquashfsImage.MetadataBlockSize];
        Assert.Equal(data.Length, compressor.Decompress(compressed, decompressed));
        Assert.Equal(data, decompressed);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void ReturnsZeroForIncompressibleBlocks(string settings)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);
        byte[] data = TestData.Incompressible(BlockSize.Default);

        Assert.Equal(0, compressor.Compress(data, new byte[BlockSize.Default]));
        Assert.Equal(0, compressor.Compress(data, new byte[BlockSize.Default * 2]));
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void ReturnsZeroForEmptyAndTinyBlocks(string settings)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);

        Assert.Equal(0, compressor.Compress([], new byte[100]));
        Assert.Equal(0, compressor.Compress([42], new byte[100]));
        Assert.Equal(0, compressor.Compress([1, 2, 3], new byte[100]));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void ReturnsZeroWhenTheOutputIsTooSmallAndWritesNoFurther(string settings)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);
        byte[] data = TestData.Compressible(BlockSize.Default);
        var output = new byte[64];
        Array.Fill(output, (byte)0xA5);

        Assert.Equal(0, compressor.Compress(data, output.AsSpan(0, 16)));
        Assert.All(output.Skip(16), b => Assert.Equal(0xA5, b));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void ClonesCompressAlike(string settings)
    {
        using ISquashfsCompressor compressor = CompressionSettings.Parse(settings).CreateCompressor(BlockSize.Default);
        byte[] data = TestData.Compressible(BlockSize.Default, seed: 4);

        byte[] first = CompressAndCheck(compressor, data);
        byte[] again = CompressAndCheck(compressor, data);
        using ISquashfsCompressor clone = compressor.Clone();
        byte[] cloned = CompressAndCheck(clone, data);

        Assert.Equal(first, again);
        Assert.Equal(first, cloned);
    }

    [Fact]
    public void XzKeepsTheSmallestFilterChain()
    {
        // Ready-to-run CoreLib holds x86-64 code, where the x86 filter pays; a filter is kept only when it is smaller.
        byte[] data = File.ReadAllBytes(typeof(object).Assembly.Location).AsSpan(1024 * 1024, BlockSize.Default).ToArray();
        using ISquashfsCompressor plainCompressor = CompressionSettings.Parse("xz").CreateCompressor(BlockSize.Default);
        using ISquashfsCompressor filteringCompressor = CompressionSettings.Parse("xz -Xbcj x86,arm").CreateCompressor(BlockSize.Default);
        byte[] plain = CompressAndCheck(plainCompressor, data);
        byte[] filtered = CompressAndCheck(filteringCompressor, data);

        Assert.True(filtered.Length <= plain.Length);
    }

    /// <summary>Compresses into a larger buffer and checks nothing was written past the returned length.</summary>
    private static byte[] CompressAndCheck(ISquashfsCompressor compressor, byte[] data)
    {
        var output = new byte[data.Length + 1024];
        Array.Fill(output, (byte)0xA5);
        int length = compressor.Compress(data, output.AsSpan(0, data.Length));

        Assert.InRange(length, 1, data.Length - 1);
        Assert.All(output.Skip(data.Length), b => Assert.Equal(0xA5, b));
        return output.AsSpan(0, length).ToArray();
    }
}
