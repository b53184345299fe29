using Squashfs.Tests.Support;
using Squashfs.Tree;

namespace Squashfs.Tests;

public class HostTreeLoaderLoadRootTests
{
    [Fact]
    public void DotFilesAndDotDirectories_AreLoaded()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        Directory.CreateDirectory(Path.Join(source, ".config", ".deeper"));
        File.WriteAllText(Path.Join(source, ".version"), "1");
        File.WriteAllText(Path.Join(source, ".config", ".deeper", ".rc"), "2");
        File.WriteAllText(Path.Join(source, "visible"), "3");

        var root = new HostTreeLoader().LoadRoot(source);

        Assert.Equal(["/.config", "/.config/.deeper", "/.config/.deeper/.rc", "/.version", "/visible"], root.Descendants().Select(e => e.FullPath));
    }
}
