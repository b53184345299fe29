using Squashfs;

namespace PortableService.Tests.Robustness;

/// <summary>
/// Output folders that cannot take the image: missing, a file, read-only, full, or too deep. Exact messages, no image
/// or temporary file left, and an image already there left as it was.
/// </summary>
public sealed class OutputRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public OutputRobustnessTests() => _ws.SpecWith("\"contents\": [\"payload\"]");

    public void Dispose() => _ws.Dispose();

    private CliResult BuildInto(string output) =>
        BuildWorkspace.Run(["build", _ws.Combine("spec.json"), "-o", output, "--quiet"]);

    [Fact]
    public void MissingOutputFolder_IsCreatedWithItsParents()
    {
        var output = _ws.Combine("no-such-out/nested");
        var result = BuildInto(output);
        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Join(output, "foo_1.raw")));
    }

    [Fact]
    public void FileAsOutputFolder_SaysItIsAFile()
    {
        var output = _ws.Write("out-file", "not a folder\n");
        _ws.AssertFails(BuildInto(output), $"error PS3001: The output directory {output} is a file, not a directory: choose another with --output.");
        Assert.Equal("not a folder\n", File.ReadAllText(output));
    }

    [Fact]
    public void ImagePathIsAFolder_SaysRemoveIt()
    {
        var blocking = Directory.CreateDirectory(Path.Join(_ws.Output, "foo_1.raw")).FullName;
        var result = BuildInto(_ws.Output);
        Assert.Equal([$"error PS3002: The image path {blocking} is a directory, so the image cannot be written there: remove or rename it, or choose another output directory with --output."], result.ErrorLines);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal([blocking], Directory.EnumerateFileSystemEntries(_ws.Output));
    }

    [RootFact]
    public void ReadOnlyBindMount_SaysRemountOrChooseAnother()
    {
        var output = Directory.CreateDirectory(_ws.Combine("ro")).FullName;
        BuildWorkspace.Sh($"mount --bind {BuildWorkspace.Quote(_ws.Output)} {BuildWorkspace.Quote(output)} && mount -o remount,bind,ro {BuildWorkspace.Quote(output)}");
        try
        {
            _ws.AssertFails(BuildInto(output), $"error PS3002: The output directory {output} is on a read-only file system: remount it read-write, or choose another with --output.");
        }
        finally
        {
            BuildWorkspace.Sh($"umount {BuildWorkspace.Quote(output)}");
        }
    }

    [Fact]
    public void FolderWithoutWritePermission_SaysFixPermissions()
    {
        File.SetUnixFileMode(_ws.Root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(_ws.Output, (UnixFileMode)0b111_101_101);
        var runAs = TestEnvironment.IsRoot ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : null;
        var result = BuildWorkspace.RunCli(["build", _ws.Combine("spec.json"), "-o", _ws.Output, "--quiet"], runAs: runAs);
        _ws.AssertFails(result, $"error PS3002: The output directory {_ws.Output} is not writable by this user: fix its permissions, or choose another with --output.");
    }

    [RootFact]
    public void FullFileSystem_SaysFreeSpaceAndLeavesTheOldImage()
    {
        var data = new byte[3 << 20];
        new Random(3).NextBytes(data);
        File.WriteAllBytes(_ws.Combine("payload/random.bin"), data);
        var output = Directory.CreateDirectory(_ws.Combine("small")).FullName;
        BuildWorkspace.Sh($"mount -t tmpfs -o size=1m tmpfs {BuildWorkspace.Quote(output)}");
        try
        {
            var old = Path.Join(output, "foo_1.raw");
            File.WriteAllText(old, "the previous image\n");
            var result = BuildInto(output);
            var line = Assert.Single(result.ErrorLines);
            Assert.Matches($"^error PS3005: Writing {System.Text.RegularExpressions.Regex.Escape(old)} failed: the file system is full \\(\\d+ KiB free when it stopped\\)\\. Free some space or choose another output directory with --output\\. The existing image was left as it was\\.$", line);
            Assert.Equal(1, result.ExitCode);
            Assert.Equal([old], Directory.EnumerateFileSystemEntries(output));
            Assert.Equal("the previous image\n", File.ReadAllText(old));
        }
        finally
        {
            BuildWorkspace.Sh($"umount {BuildWorkspace.Quote(output)}");
        }
    }

    [Fact]
    public void ImagePathOverThePathLimit_SaysChooseAShorterFolder()
    {
        // Folders whose full path is 4090 bytes: the folder is fine, the image path inside it is not.
        var output = _ws.Root;
        while (output.Length < 4090 - 201)
        {
            output = Path.Join(output, new string('d', 200));
        }

        output = Path.Join(output, new string('e', 4090 - output.Length - 1));
        Directory.CreateDirectory(output);
        var image = Path.Join(output, "foo_1.raw");
        _ws.AssertFails(BuildInto(output), $"error PS3003: The image path {image} is longer than Linux allows (4095 bytes): choose a shorter output directory.");
        _ws.AssertNoOutput(output);
    }

    [Fact]
    public void ExistingImage_IsReplacedWholeOnSuccess()
    {
        var image = Path.Join(_ws.Output, "foo_1.raw");
        File.WriteAllText(image, "the previous image\n");
        Assert.Equal(0, BuildInto(_ws.Output).ExitCode);
        using var reader = SquashfsReader.Open(image);
        Assert.NotNull(reader.Find("/etc/systemd/system/foo.service"));
        Assert.Equal([image], Directory.EnumerateFileSystemEntries(_ws.Output));
    }

    [Fact]
    public void ImagePathThatIsAFifo_IsRefusedAndLeftAlone()
    {
        var fifo = Path.Join(_ws.Output, "foo_1.raw");
        BuildWorkspace.Sh($"mkfifo {BuildWorkspace.Quote(fifo)}");

        var result = BuildInto(_ws.Output);

        Assert.Equal([$"error PS3002: The image path {fifo} is a FIFO, which the image would replace: remove or rename it, or choose another output directory with --output."], result.ErrorLines);
        Assert.Equal(1, result.ExitCode);
        Assert.True(Squashfs.Interop.UnixNative.Stat(fifo).IsFifo);
    }

    [Fact]
    public void OutputDirectoryBelowAFifo_NamesTheFifo()
    {
        var fifo = _ws.Combine("pipe");
        BuildWorkspace.Sh($"mkfifo {BuildWorkspace.Quote(fifo)}");
        var output = Path.Join(fifo, "sub");

        _ws.AssertFails(BuildInto(output), $"error PS3002: The output directory {output} cannot be created: {fifo} is a FIFO, not a directory; remove or rename it, or choose another with --output.");
    }
}
