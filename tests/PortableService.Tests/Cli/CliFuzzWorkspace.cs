using PortableService.Tests.Robustness;
using PortableService.Tests.TestSupport;
using Squashfs.Interop;

namespace PortableService.Tests.Cli;

/// <summary>
/// The files the CLI fuzz cases name: a unit and a payload, the awkward (a FIFO, an empty file, a file holding NUL, a
/// dangling symlink, a cycle of symlinks, a name that is not UTF-8, a device node when root), two built images, and
/// the host's own special files. Spec files go to a/b/, so that ".." and "../.." in them stay inside the workspace.
/// </summary>
internal sealed class CliFuzzWorkspace : IDisposable
{
    private readonly TempDirectory _directory = new("ps-cli-fuzz-");

    public CliFuzzWorkspace()
    {
        var specFolder = _directory.CreateDirectory("a/b");
        foreach (var folder in (string[])[Root, specFolder])
        {
            File.WriteAllText(System.IO.Path.Join(folder, "foo.service"), "[Unit]\nDescription=Foo\n\n[Service]\nExecStart=/bin/true\n");
            UnixNative.CreateFifo(System.IO.Path.Join(folder, "fifo"), (UnixFileMode)0b110_100_100);
        }

        _directory.Write("payload/data.txt", "data\n");
        _directory.Write("empty", string.Empty);
        _directory.Write("nul.txt", "a\0b");
        File.Copy("/bin/true", _directory.Combine("elf"));
        _directory.Symlink("dangling", "/nonexistent");
        _directory.Symlink("loop1", "loop2");
        _directory.Symlink("loop2", "loop1");
        _directory.CreateDirectory("latin");
        BuildWorkspace.Sh($"cd {BuildWorkspace.Quote(_directory.Combine("latin"))} && : > \"$(printf 'caf\\351')\"");
        if (TestEnvironment.IsRoot)
        {
            UnixNative.CreateDevice(_directory.Combine("null"), block: false, 1, 3, (UnixFileMode)0b110_110_110);
        }

        Output = _directory.CreateDirectory("out");
        Image = BuildImage("images", "--verbose");
        VerityImage = BuildImage("verity", "--verity");
        Spec([]);
    }

    public string Root => _directory.Path;

    /// <summary>Where builds write, emptied before each case.</summary>
    public string Output { get; }

    /// <summary>A valid image of foo.service.</summary>
    public string Image { get; }

    /// <summary>A valid image with its verity sidecars.</summary>
    public string VerityImage { get; }

    /// <summary>Paths the CLI may read but must not write: the workspace's and the host's special files.</summary>
    public IReadOnlyList<string> ReadOnlyPaths =>
    [
        .. OwnPaths, _directory.Combine("foo.service"), _directory.Combine("a/b/spec.json"), _directory.Combine("elf"), _directory.Combine("nul.txt"),
        _directory.Combine("dangling"), _directory.Combine("loop1"), _directory.Combine("missing"), Image, VerityImage, Image + ".verity",
        _directory.Combine(new string('l', 300)), _directory.Combine(string.Concat(Enumerable.Repeat("d/", 2100))), _directory.Combine("x\ny"),
        "/proc/self/status", "/proc/self/mem", "/dev/null", "/dev/zero", "/etc/passwd", "/bin/true", "/usr/lib/os-release", "/sys/kernel",
    ];

    /// <summary>Paths the CLI may write to (an output, a cache, an image, a directory to pack): all inside the workspace.</summary>
    public IReadOnlyList<string> OwnPaths =>
    [
        Output, System.IO.Path.Join(Output, "sub"), System.IO.Path.Join(Output, "img.sqfs"), _directory.Combine("fifo"), _directory.Combine("payload"),
        _directory.Combine("latin"), _directory.Combine("empty"), _directory.Combine("a"), _directory.Combine("null"), _directory.Combine("missing/dir"),
    ];

    /// <summary>Writes the spec file a/b/spec.json and returns its path.</summary>
    public string Spec(byte[] content)
    {
        var path = _directory.Combine("a/b/spec.json");
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Removes everything a case wrote (into the output, over the empty file), so that each starts alike.</summary>
    public void Reset()
    {
        // Directory images keep their modes, read-only folders included.
        var everything = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var directory in Directory.EnumerateDirectories(Output, "*", everything))
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_000_000);
        }

        foreach (var entry in new DirectoryInfo(Output).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        File.WriteAllText(_directory.Combine("empty"), string.Empty);
    }

    public void Dispose()
    {
        // .NET cannot name, so cannot delete, the file whose name is not UTF-8.
        BuildWorkspace.Sh($"rm -rf {BuildWorkspace.Quote(_directory.Combine("latin"))}");
        _directory.Dispose();
    }

    private string BuildImage(string folder, string option)
    {
        var directory = _directory.CreateDirectory(folder);
        var result = TestSupport.Cli.Run("build", "--pname", "foo", "--version", "1", "--unit", _directory.Combine("foo.service"), "-o", directory, "--quiet", option);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return System.IO.Path.Join(directory, "foo_1.raw");
    }
}
