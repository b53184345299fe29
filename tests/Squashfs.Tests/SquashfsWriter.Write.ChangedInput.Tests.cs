using Squashfs.Tests.Support;
using Squashfs.Tree;

namespace Squashfs.Tests;

/// <summary>A host file that changes or disappears between listing and writing fails the write, naming the file.</summary>
public class SquashfsWriterWriteChangedInputTests
{
    // Shorter than a block (read whole, into a fragment) and longer than one (streamed block by block).
    [Theory]
    [InlineData(100)]
    [InlineData(3 * TestTrees.SmallBlock + 5)]
    public void FileThatGrew_IsReported(int length)
    {
        var error = WriteAfterChange(length, path => File.AppendAllText(path, "more"));
        Assert.Contains("became longer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(3 * TestTrees.SmallBlock + 5)]
    public void FileThatShrank_IsReported(int length)
    {
        var error = WriteAfterChange(length, path => File.WriteAllBytes(path, new byte[length / 2]));
        Assert.Contains("became shorter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(3 * TestTrees.SmallBlock + 5)]
    public void FileThatVanished_IsReported(int length)
    {
        var error = WriteAfterChange(length, File.Delete);
        Assert.StartsWith("Cannot read", error.Message, StringComparison.Ordinal);
    }

    private static InputFileException WriteAfterChange(int length, Action<string> change)
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        Directory.CreateDirectory(source);
        var path = Path.Join(source, "file");
        File.WriteAllBytes(path, TestTrees.Random(7, length));
        var root = new HostTreeLoader().LoadRoot(source);
        change(path);

        using var stream = new MemoryStream();
        var error = Assert.Throws<InputFileException>(() => SquashfsWriter.Write(root, stream, Images.Options()));
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        return error;
    }
}
