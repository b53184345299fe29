using Squashfs.Tests.Support;
using Squashfs.Tree;

namespace Squashfs.Tests;

/// <summary>Extraction creates symlinks as links and never writes through them, wherever they point.</summary>
public class SquashfsExtractorExtractTests
{
    [Fact]
    public void SymlinksPointingUpOrOut_AreCreatedAsLinks_AndNothingLandsOutsideTheTarget()
    {
        var root = ImageDirectory.CreateRoot();
        root.Add(new ImageSymlink("up", "../."));
        root.Add(new ImageSymlink("etc", "/etc"));
        root.Add(new ImageFile("target", FileContent.FromBytes("inside"u8.ToArray())));
        var dir = root.Add(new ImageDirectory("zz"));
        dir.Add(new ImageFile("passwd", FileContent.FromBytes("not the host's"u8.ToArray())));

        using var temp = new TempDirectory();
        var image = temp.Combine("img.sqfs");
        SquashfsWriter.Write(root, image, Images.Options());
        var target = temp.Combine("out");
        using (var reader = SquashfsReader.Open(image))
        {
            SquashfsExtractor.Extract(reader, target);
        }

        Assert.Equal(["img.sqfs", "out"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("../.", new FileInfo(Path.Join(target, "up")).LinkTarget);
        Assert.Equal("/etc", new FileInfo(Path.Join(target, "etc")).LinkTarget);
        Assert.Equal("inside", File.ReadAllText(Path.Join(target, "target")));
        Assert.Equal("not the host's", File.ReadAllText(Path.Join(target, "zz", "passwd")));
    }
}
