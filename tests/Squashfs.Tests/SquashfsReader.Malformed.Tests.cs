using Squashfs.Tests.Support;
using Squashfs.Tree;

namespace Squashfs.Tests;

/// <summary>Damaged images give an InvalidDataException (or NotSupportedException) that names the problem; never a hang or another exception.</summary>
public class SquashfsReaderMalformedTests
{
    private static byte[] ValidImage(string compression = "gzip", bool compressInodes = true)
    {
        var root = ImageDirectory.CreateRoot();
        var dir = root.Add(new ImageDirectory("etc"));
        dir.Add(new ImageFile("os-release", FileContent.FromBytes("ID=test\n"u8.ToArray())));
        root.Add(new ImageFile("data", FileContent.FromBytes(TestTrees.Random(1, 20_000))));
        root.Add(new ImageSymlink("link", "etc/os-release"));
        using var stream = new MemoryStream();
        SquashfsWriter.Write(root, stream, Images.Options(compression) with { CompressInodes = compressInodes });
        return stream.ToArray();
    }

    /// <summary>Reads everything a user could ask for.</summary>
    private static void ReadEverything(byte[] image)
    {
        using var reader = new SquashfsReader(new MemoryStream(image));
        foreach (var entry in reader.Walk())
        {
            if (entry.Kind == Reading.SquashfsEntryKind.File)
            {
                reader.ReadAllBytes(entry);
            }
        }
    }

    [Fact]
    public void EmptyAndTinyInputs_AreNotSquashfs()
    {
        var e = Assert.Throws<InvalidDataException>(() => ReadEverything([]));
        Assert.Contains("smaller than a superblock", e.Message);
        var bad = ValidImage();
        bad[0] = (byte)'x';
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => ReadEverything(bad)).Message);
    }

    [Fact]
    public void TruncatedImage_SaysSo()
    {
        var image = ValidImage();
        var e = Assert.Throws<InvalidDataException>(() => ReadEverything(image[..(image.Length / 2)]));
        Assert.Contains("bytes are used", e.Message);
    }

    [Theory]
    [InlineData(12, "block size")]
    [InlineData(20, "compressor")]
    [InlineData(25, "flag")]
    public void BadSuperblockField_IsNamed(int offset, string expected)
    {
        var image = ValidImage();
        image[offset] ^= 0xF0;
        var e = Record.Exception(() => ReadEverything(image));
        Assert.True(e is InvalidDataException or NotSupportedException, e?.ToString());
        Assert.Contains(expected, e!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void EveryFlippedByte_GivesACleanErrorOrTheData()
    {
        var image = ValidImage();
        var used = BitConverter.ToInt64(image, 40);
        for (var i = 0; i < used; i++)
        {
            var copy = (byte[])image.Clone();
            copy[i] ^= 0xFF;
            var e = Record.Exception(() => ReadEverything(copy));
            Assert.True(e is null or InvalidDataException or NotSupportedException, $"byte {i}: {e}");
        }
    }

    [Fact]
    public void DirectoryThatContainsItself_IsReportedAsALoop()
    {
        // Point the root listing's "etc" entry at the root inode itself: a cycle a crafted image could contain.
        var image = ValidImage(compressInodes: false);
        var rootReference = BitConverter.ToUInt64(image, 32);
        var rootNumber = BitConverter.ToUInt32(image, 4);
        var directoryStart = (int)BitConverter.ToInt64(image, 72);
        Assert.True((BitConverter.ToUInt16(image, directoryStart) & 0x8000) != 0, "the directory table is stored uncompressed");

        // Root listing: header (count, start, base), then "data", "etc", "link"; each entry is 8 bytes + name.
        var table = image.AsSpan(directoryStart);
        var data = table.IndexOf("\0data"u8) + 1;
        var header = directoryStart + data - 8 - 12;
        var baseNumber = BitConverter.ToUInt32(image, header + 8);
        var etcEntry = directoryStart + table.IndexOf("etc"u8) - 8;
        Assert.Equal((uint)(rootReference >> 16), BitConverter.ToUInt32(image, header + 4));
        BitConverter.TryWriteBytes(image.AsSpan(etcEntry), (ushort)(rootReference & 0xFFFF));
        BitConverter.TryWriteBytes(image.AsSpan(etcEntry + 2), (short)(rootNumber - baseNumber));

        var e = Assert.Throws<InvalidDataException>(() => ReadEverything(image));
        Assert.Contains("loop", e.Message);
    }
}
