using Squashfs.Interop;
using Squashfs.Tree;

namespace Squashfs.Tests;

/// <summary>
/// A source file that fails to read is reported with the system's own words for the cause and the file, never as
/// "changed during the build". The errors are real: reading /proc/self/mem at address 0 fails with EIO (nothing is
/// mapped there), reading a directory fails with EISDIR, and /proc's files say size 0 but yield data.
/// </summary>
public class SquashfsWriterWriteReadErrorsTests
{
    // Shorter than a block (read whole, into a fragment) and longer than one (streamed block by block).
    [Theory]
    [InlineData(100)]
    [InlineData(3 * Support.TestTrees.SmallBlock + 5)]
    public void IoError_SaysInputOutputError(int length)
    {
        var error = Write("/proc/self/mem", length);

        Assert.Equal("Cannot read '/proc/self/mem': Input/output error. The disk or file system under it failed to deliver its data: check the device (dmesg), or copy the file from a healthy source, then build again.", error.Message);
        Assert.Equal(Errno.EIO, Errno.Of(error.InnerException!));
    }

    // Only the small-file read is checked: .NET's FileStream refuses a directory as "access denied" before reading.
    [Fact]
    public void DirectoryWhereAFileWas_SaysIsADirectory()
    {
        using var temp = new TempDirectory();

        var error = Write(temp.Path, 100);

        Assert.Equal($"Cannot read '{temp.Path}': Is a directory. It was replaced by a directory during the build: leave it in place until the build is done.", error.Message);
    }

    [Fact]
    public void PseudoFileOfSizeZeroWithData_SaysSoAndNotChanged()
    {
        var error = Write("/proc/self/status", 0);

        Assert.Equal("'/proc/self/status' says its size is 0 but yields data when read, as the pseudo files of /proc and /sys do: it cannot be copied as a file. Copy what it holds into a regular file and include that instead.", error.Message);
    }

    [Fact]
    public void CopyChecked_NamesTheFileAndTheCause()
    {
        using var output = new MemoryStream();

        var error = Assert.Throws<InputFileException>(() => FileContent.FromFile("/proc/self/mem", 100).CopyChecked(output));

        Assert.StartsWith("Cannot read '/proc/self/mem': Input/output error. ", error.Message, StringComparison.Ordinal);
    }

    private static InputFileException Write(string path, long length)
    {
        var root = ImageDirectory.CreateRoot();
        root.Add(new ImageFile("file", FileContent.FromFile(path, length), (UnixFileMode)0b110_100_100));
        using var stream = new MemoryStream();
        var error = Assert.Throws<InputFileException>(() => SquashfsWriter.Write(root, stream, Support.Images.Options()));
        Assert.Equal(path, error.Path);
        return error;
    }
}
