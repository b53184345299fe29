using Squashfs.Tests.Support;

namespace Squashfs.Tests;

/// <summary>Images made by the real mksquashfs, with every compressor, read by our reader.</summary>
public class SquashfsReaderMksquashfsTests
{
    [Theory]
    [InlineData("gzip")]
    [InlineData("xz", "-Xbcj", "x86")]
    [InlineData("lzma")]
    [InlineData("lzo")]
    [InlineData("lz4", "-Xhc")]
    [InlineData("zstd", "-Xcompression-level", "19")]
    public void MksquashfsImage_ReadsLikeTheSource(string compressor, params string[] options)
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        TestTrees.CreateEdgeCases(source);
        TestTrees.CreateRandom(Path.Join(source, "random"), seed: 21, files: 150);
        TestTrees.SetTimes(source, 1_700_000_000);
        var image = temp.Combine("mk.sqfs");
        ExternalTool.RunChecked("mksquashfs", [source, image, "-noappend", "-no-progress", "-b", "4096", "-comp", compressor, .. options]);

        using var reader = SquashfsReader.Open(image);
        TreeSnapshot.FromHost(source).AssertEqual(TreeSnapshot.FromImage(reader));
    }

    [Fact]
    public void MksquashfsImage_WithXattrsAndExports_ReadsTheAttributes()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        Directory.CreateDirectory(source);
        var file = Path.Join(source, "f");
        File.WriteAllText(file, "x");
        ExternalTool.RunChecked("setfattr", "-n", "user.note", "-v", "kept", file);
        var image = temp.Combine("mk.sqfs");
        ExternalTool.RunChecked("mksquashfs", source, image, "-noappend", "-no-progress", "-exports", "-xattrs");

        using var reader = SquashfsReader.Open(image);
        var xattr = Assert.Single(reader.Find("/f")!.Xattrs);
        Assert.Equal("user.note", xattr.Name);
        Assert.Equal("kept"u8.ToArray(), xattr.Value);
        Assert.True(reader.HasExportTable);
    }

    [Fact]
    public void Extractor_RecreatesTheSourceTree()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        TestTrees.CreateEdgeCases(source, withSocket: false);
        TestTrees.SetTimes(source, 1_700_000_000);
        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), Images.Options("xz"));

        using var reader = SquashfsReader.Open(image);
        SquashfsExtractor.Extract(reader, temp.Combine("out"));
        TreeSnapshot.FromHost(source).AssertEqual(TreeSnapshot.FromHost(temp.Combine("out")));
    }
}
