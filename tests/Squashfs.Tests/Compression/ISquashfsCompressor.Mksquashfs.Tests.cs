using System.Text;
using Squashfs.Compression;

namespace Squashfs.Tests.Compression;

/// <summary>Blocks the real mksquashfs compressed, read back by our codecs, and compressed by us byte for byte alike.</summary>
public class SquashfsCompressorMksquashfsTests
{
    public static TheoryData<string> All => Codecs.All;

    /// <summary>
    /// Settings whose bytes must match mksquashfs's: xz, lzma, lzo, lz4 and zstd run the very libraries mksquashfs links.
    /// Not here: gzip (the BCL's zlib-ng is not mksquashfs's zlib).
    /// </summary>
    public static TheoryData<string> Identical => new()
    {
        "lz4",
        "lz4 -Xhc",
        "zstd",
        "zstd -Xcompression-level 15",
        "zstd -Xcompression-level 1",
        "lzma",
        "lzo",
        "lzo -Xalgorithm lzo1x_1",
        "lzo -Xalgorithm lzo1x_1_15",
        "lzo -Xcompression-level 3",
        "xz",
        "xz -Xdict-size 25%",
        "xz -Xbcj x86",
        "xz -Xbcj x86,powerpc,ia64,arm,armthumb,sparc -Xdict-size 50%",
    };

    [Theory]
    [MemberData(nameof(All))]
    public void ReadsTheMetadataMksquashfsCompressed(string text)
    {
        MksquashfsImage image = Build(text, out _);
        using ISquashfsCompressor compressor = CompressorFactory.FromImage((SquashfsCompressorId)image.CompressorId, image.OptionsBlock, image.BlockSize);

        byte[] directory = ReadCompressedMetadata(image, compressor, image.DirectoryTableStart);
        byte[] inodes = ReadCompressedMetadata(image, compressor, image.InodeTableStart);

        Assert.Contains("empty-file-with-a-longer-name-000", Encoding.ASCII.GetString(directory));
        Assert.Equal(MksquashfsImage.MetadataBlockSize, directory.Length);
        Assert.Equal(MksquashfsImage.MetadataBlockSize, inodes.Length);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void ReadsTheDataBlockMksquashfsCompressed(string text)
    {
        MksquashfsImage image = Build(text, out byte[] payload);
        using ISquashfsCompressor compressor = CompressorFactory.FromImage((SquashfsCompressorId)image.CompressorId, image.OptionsBlock, image.BlockSize);

        var block = new byte[image.BlockSize];
        int length = compressor.Decompress(DataBlock(image), block);

        Assert.Equal(payload, block.AsSpan(0, length).ToArray());
    }

    [Theory]
    [MemberData(nameof(Identical))]
    public void CompressesDataBlocksAsMksquashfs(string text)
    {
        MksquashfsImage image = Build(text, out byte[] payload);
        using ISquashfsCompressor compressor = CompressionSettings.Parse(text).CreateCompressor(image.BlockSize);

        var output = new byte[image.BlockSize];
        int length = compressor.Compress(payload, output);

        Assert.Equal(DataBlock(image).ToArray(), output.AsSpan(0, length).ToArray());
    }

    [Theory]
    [MemberData(nameof(Identical))]
    public void CompressesMetadataBlocksAsMksquashfs(string text)
    {
        MksquashfsImage image = Build(text, out _);
        using ISquashfsCompressor compressor = CompressionSettings.Parse(text).CreateCompressor(image.BlockSize);
        (bool compressed, byte[] stored) = image.ReadMetadataBlock(image.DirectoryTableStart);
        Assert.True(compressed);
        var directory = new byte[MksquashfsImage.MetadataBlockSize];
        int directoryLength = compressor.Decompress(stored, directory);

        var output = new byte[MksquashfsImage.MetadataBlockSize];
        using ISquashfsCompressor metadataCompressor = compressor.ForMetadata();
        int length = metadataCompressor.Compress(directory.AsSpan(0, directoryLength), output);

        Assert.Equal(stored, output.AsSpan(0, length).ToArray());
    }

    /// <summary>
    /// An image of one file of exactly one block, so no fragment, and enough empty files to fill whole metadata blocks:
    /// the data block is then all between the options and the inode table.
    /// </summary>
    private static MksquashfsImage Build(string text, out byte[] payload)
    {
        payload = TestData.Compressible(BlockSize.Default, seed: 7);
        var files = new Dictionary<string, byte[]> { ["payload.bin"] = payload };
        for (int i = 0; i < 300; i++)
        {
            files[$"empty-file-with-a-longer-name-{i:D3}"] = [];
        }

        return MksquashfsImage.Build(CompressionSettings.Parse(text).ToMksquashfsArguments(), files, "-b", BlockSize.Format(BlockSize.Default));
    }

    private static ReadOnlySpan<byte> DataBlock(MksquashfsImage image) =>
        image.Bytes.AsSpan((int)image.DataStart, (int)(image.InodeTableStart - image.DataStart));

    private static byte[] ReadCompressedMetadata(MksquashfsImage image, ISquashfsCompressor compressor, long offset)
    {
        (bool compressed, byte[] stored) = image.ReadMetadataBlock(offset);
        Assert.True(compressed, "mksquashfs stored this metadata block compressed");

        var payload = new byte[MksquashfsImage.MetadataBlockSize];
        int length = compressor.Decompress(stored, payload);
        return payload.AsSpan(0, length).ToArray();
    }
}
