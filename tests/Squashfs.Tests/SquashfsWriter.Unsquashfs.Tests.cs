using Squashfs.Tests.Support;

namespace Squashfs.Tests;

/// <summary>Our images, read by the real unsquashfs (squashfs-tools), must give back the source tree.</summary>
public class SquashfsWriterUnsquashfsTests
{
    [Theory]
    [MemberData(nameof(Images.AllCompressors), MemberType = typeof(Images))]
    public void Extraction_EqualsSourceTree(string compression)
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        TestTrees.CreateEdgeCases(source, withSocket: false);
        TestTrees.CreateRandom(Path.Join(source, "random"), seed: 11, files: 200);
        TestTrees.SetTimes(source, 1_700_000_000);
        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), Images.Options(compression));

        var extracted = temp.Combine("out");
        var result = ExternalTool.Run("unsquashfs", "-no-progress", "-d", extracted, image);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        TreeSnapshot.FromHost(source).AssertEqual(TreeSnapshot.FromHost(extracted));
    }

    [Fact]
    public void LongListing_ShowsEveryEntryWithOwnersModesAndSizes()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        TestTrees.CreateEdgeCases(source);
        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), Images.Options("xz"));

        var lines = ExternalTool.RunChecked("unsquashfs", "-lln", "-d", "", image).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Length > 10 && "-dlcbps".Contains(l[0]) && l.Contains(" /", StringComparison.Ordinal))
            .ToDictionary(l => l[(l.IndexOf(" /", StringComparison.Ordinal) + 1)..].Split(" -> ")[0], l => l);
        var expected = TreeSnapshot.FromHost(source);
        Assert.Equal(expected.Entries.Keys.Order(StringComparer.Ordinal), lines.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("-rwsr-sr-x 0/0", lines["/setuid"]);
        Assert.StartsWith("drwxrwxrwt 0/0", lines["/sticky"]);
        Assert.StartsWith("-rw-r--r-- 1000/1001", lines["/owned-by-1000"]);
        Assert.StartsWith("crw-rw-rw- 0/0", lines["/null-device"]);
        Assert.Contains("1,  3", lines["/null-device"]);
        Assert.StartsWith("srwxr-xr-x", lines["/socket"]);
        Assert.StartsWith("prw-r-----", lines["/fifo"]);
        Assert.EndsWith("/symlink-dangling -> does/not/exist", lines["/symlink-dangling"]);
        Assert.Contains(" 32768 ", lines["/sparse"]);
    }
}
