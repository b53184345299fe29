using Squashfs.Tests.Support;
using Squashfs.Tree;

namespace Squashfs.Tests;

/// <summary>Hard links share their target's inode, which counts every name; a link must point into the same tree.</summary>
public class SquashfsWriterWriteHardLinksTests
{
    [Fact]
    public void NamesOfOneFile_ShareTheInode_AndItsLinkCount()
    {
        var root = ImageDirectory.CreateRoot();
        var file = root.Add(new ImageFile("file", FileContent.FromBytes([1, 2, 3])));
        root.GetOrCreateDirectory("a").Add(new ImageHardLink("link1", file));
        root.Add(new ImageHardLink("link2", file));
        root.Add(new ImageFile("other", FileContent.FromBytes([4])));

        using var stream = new MemoryStream();
        var result = SquashfsWriter.Write(root, stream, Images.Options("lz4"));
        stream.Position = 0;
        using var reader = new SquashfsReader(stream);

        var names = new[] { "/file", "/a/link1", "/link2" }.Select(p => reader.Find(p)!).ToList();
        Assert.Single(names.Select(e => e.InodeNumber).Distinct());
        Assert.All(names, e => Assert.Equal(3u, e.LinkCount));
        Assert.All(names, e => Assert.Equal([1, 2, 3], reader.ReadAllBytes(e)));
        Assert.Equal(1u, reader.Find("/other")!.LinkCount);
        Assert.Equal(2, result.Files);
    }

    [Fact]
    public void LinkToAFileOfAnotherTree_IsRejected()
    {
        var elsewhere = ImageDirectory.CreateRoot().Add(new ImageFile("file", FileContent.FromBytes([1])));
        var root = ImageDirectory.CreateRoot();
        root.Add(new ImageHardLink("link", elsewhere));

        using var stream = new MemoryStream();
        Assert.Throws<InvalidOperationException>(() => SquashfsWriter.Write(root, stream, Images.Options("lz4")));
    }
}
