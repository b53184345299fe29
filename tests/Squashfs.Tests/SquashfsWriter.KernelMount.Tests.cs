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
            File.WriteAllText(Path.Join(big, $"name-{i}-{new string('x', i % 40)}"), i.ToString(CultureInfo.InvariantCulture));
        }

        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), Images.Options("zstd", 1 << 17));
        using var mount = new LoopMount(image, temp.Combine("mnt"));

        // Direct lookups go through the directory index; a listing does not, so check both.
        for (var i = 0; i < 10_000; i += 7)
        {
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), File.ReadAllText(Path.Join(mount.Path, "big", $"name-{i}-{new string('x', i % 40)}")));
        }

        Assert.Equal(10_000, Directory.GetFiles(Path.Join(mount.Path, "big")).Length);
    }

    [Fact]
    public void HostXattrs_AreCarriedIntoTheImage_AndTheKernelShowsThem()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        Directory.CreateDirectory(Path.Join(source, "dir"));
        File.WriteAllText(Path.Join(source, "dir", "file"), "x");
        ExternalTool.RunChecked("setfattr", "-n", "user.origin", "-v", "host", Path.Join(source, "dir", "file"));
        ExternalTool.RunChecked("setfattr", "-n", "trusted.note", "-v", "0x00ff", Path.Join(source, "dir"));
        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), Images.Options("xz", 1 << 16));

        using var mount = new LoopMount(image, temp.Combine("mnt"));
        static string[] Read(string path) => [.. Interop.UnixNative.ReadXattrs(path).Select(x => $"{x.Name}={Convert.ToHexString(x.Value)}")];
        Assert.Equal(["user.origin=686F7374"], Read(Path.Join(mount.Path, "dir", "file")));
        Assert.Equal(["trusted.note=00FF"], Read(Path.Join(mount.Path, "dir")));
    }
}
