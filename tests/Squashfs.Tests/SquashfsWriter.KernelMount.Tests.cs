using Squashfs.Tests.Support;

namespace Squashfs.Tests;

/// <summary>The Linux kernel's squashfs driver mounts our images and shows the source tree (needs root and loop devices).</summary>
public class SquashfsWriterKernelMountTests
{
    [Theory]
    [MemberData(nameof(Images.KernelCompressors), MemberType = typeof(Images))]
    public void MountedImage_EqualsSourceTree(string compression)
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        TestTrees.CreateEdgeCases(source);
        TestTrees.CreateRandom(Path.Join(source, "random"), seed: 3, files: 200);
        TestTrees.SetTimes(source, 1_700_000_000);
        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), Images.Options(compression));

        using var mount = new LoopMount(image, temp.Combine("mnt"));
        TreeSnapshot.FromHost(source).AssertEqual(TreeSnapshot.FromHost(mount.Path));
    }

    [Fact]
    public void MountedImage_WithLargeDirectoryAndXattrs_LooksUpEveryName()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        var big = Path.Join(source, "big");
        Directory.CreateDirectory(big);
        for (var i = 0; i < 10_000; i++)
        {
            File.WriteAllText(Path.Join(big, $"name-{i}-{new string('x', i % 40)}"), i.ToString());
        }

        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), Images.Options("zstd", 1 << 17));
        using var mount = new LoopMount(image, temp.Combine("mnt"));

        // Direct lookups go through the directory index; a listing does not, so check both.
        for (var i = 0; i < 10_000; i += 7)
        {
            Assert.Equal(i.ToString(), File.ReadAllText(Path.Join(mount.Path, "big", $"name-{i}-{new string('x', i % 40)}")));
        }

        Assert.Equal(10_000, Directory.GetFiles(Path.Join(mount.Path, "big")).Length);
    }
}
