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

    [Fact]
    public void NameThatIsNotUtf8_IsRefusedNamingItsBytes()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Join(source, "ok.txt"), "1");
        CreateFile(source, "caf\\351.txt");

        var error = Assert.Throws<IOException>(() => new HostTreeLoader().LoadRoot(source));
        ExternalTool.RunChecked("rm", "-rf", source); // .NET cannot name, so cannot delete, the file

        Assert.Equal($"'{source}' holds 'caf\\xe9.txt', a name that is not UTF-8 (the bytes shown as \\xNN): rename it to UTF-8 (convmv -f latin1 -t utf8), or leave it out.", error.Message);
    }

    [Fact]
    public void PosixAcls_AreLeftOutAndCounted()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        Directory.CreateDirectory(Path.Join(source, "sub"));
        File.WriteAllText(Path.Join(source, "a"), "1");
        File.WriteAllText(Path.Join(source, "sub", "b"), "2");
        File.WriteAllText(Path.Join(source, "plain"), "3");
        ExternalTool.RunChecked("setfacl", "-m", "u:nobody:r", Path.Join(source, "a"), Path.Join(source, "sub", "b"));

        var loader = new HostTreeLoader();
        var root = loader.LoadRoot(source);

        Assert.Equal(2, loader.EntriesWithAcls);
        Assert.Equal(Path.Join(source, "a"), loader.FirstEntryWithAcl);
        Assert.All(root.Descendants(), e => Assert.DoesNotContain(e.Xattrs, x => x.Name.StartsWith("system.", StringComparison.Ordinal)));
    }

    /// <summary>Creates an empty file named by printf's octal escapes (<c>caf\351.txt</c>): .NET's string paths cannot name bytes that are not UTF-8.</summary>
    private static void CreateFile(string directory, string printfName) =>
        ExternalTool.RunChecked("sh", "-c", $"cd '{directory}' && : > \"$(printf '{printfName}')\"");
}
