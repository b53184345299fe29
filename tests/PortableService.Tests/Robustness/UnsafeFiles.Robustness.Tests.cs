using Squashfs.Interop;
using Squashfs.Tests.Support;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Robustness;

/// <summary>
/// Device nodes and set-ID files in contents are refused, naming the path, unless the content allows them explicitly
/// ("allowDevices", "allowSetId", --allow-devices, --allow-set-id); then every writer (native, external mksquashfs,
/// directory) keeps the node and the bit, as unsquashfs and stat see them. FIFOs and sockets go in with every writer.
/// </summary>
public sealed class UnsafeFilesRobustnessTests : IDisposable
{
    private const UnixFileMode SetUidProgram = (UnixFileMode)0b100_111_101_101;

    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [RootTheory]
    [MemberData(nameof(BuildWorkspace.Writers), MemberType = typeof(BuildWorkspace))]
    public void AllowedDevicesAndSetIdFiles_AreKeptByEveryWriter(string writer)
    {
        var folder = _ws.Directory.CreateDirectory("payload-unsafe");
        BuildWorkspace.Sh($"mknod {BuildWorkspace.Quote(Path.Join(folder, "null"))} c 1 3 && mknod {BuildWorkspace.Quote(Path.Join(folder, "disk"))} b 7 300");
        SetUidCopyOfTrue(Path.Join(folder, "tool"));
        _ws.SpecWith($"\"contents\": [{{ \"source\": \"payload-unsafe\", \"target\": \"/opt/x\", \"allowDevices\": true, \"allowSetId\": true }}]{BuildWorkspace.WriterKeys(writer)}");

        var result = _ws.Build();

        Assert.Equal(0, result.ExitCode);
        var tree = Extracted(writer);
        Assert.Equal("character device 1:3", Describe(Path.Join(tree, "opt/x/null")));
        Assert.Equal("block device 7:300", Describe(Path.Join(tree, "opt/x/disk")));
        Assert.Equal("file 4755", Describe(Path.Join(tree, "opt/x/tool")));
    }

    [RootTheory]
    [MemberData(nameof(BuildWorkspace.Writers), MemberType = typeof(BuildWorkspace))]
    public void DevicesAndSetIdFilesWithoutTheOptIn_AreRefusedByEveryWriter(string writer)
    {
        var folder = _ws.Directory.CreateDirectory("payload-unsafe");
        BuildWorkspace.Sh($"mknod {BuildWorkspace.Quote(Path.Join(folder, "null"))} c 1 3");
        SetUidCopyOfTrue(Path.Join(folder, "tool"));
        _ws.SpecWith($"\"contents\": [{{ \"source\": \"payload-unsafe\", \"target\": \"/opt/x\" }}]{BuildWorkspace.WriterKeys(writer)}");

        _ws.AssertFails(_ws.Build(),
            $"error PS2018: /opt/x/null (contents[0] (from {folder})) is a device node: in the image it would give the service the host's device. Leave it out (exclude it); the service manager provides /dev. If the image must hold it, allow it in its content: \"allowDevices\": true (--allow-devices).",
            $"error PS2019: /opt/x/tool (contents[0] (from {folder})) is set-user-ID or set-group-ID: every file in the image belongs to root, so it would run as root. Clear the bit (chmod u-s,g-s) or leave it out. If it must run as root, allow it in its content: \"allowSetId\": true (--allow-set-id).");
    }

    [RootFact]
    public void DeviceGivenAsTheContentItself_IsKeptWhenAllowed()
    {
        var node = _ws.Combine("null");
        BuildWorkspace.Sh($"mknod {BuildWorkspace.Quote(node)} c 1 3");
        _ws.SpecWith("\"contents\": [{ \"source\": \"null\", \"target\": \"/opt/null\", \"allowDevices\": true }]");

        Assert.Equal(0, _ws.Build().ExitCode);
        Assert.Equal("character device 1:3", Describe(Path.Join(Extracted("native"), "opt/null")));
    }

    [Fact]
    public void OptInOnTheCommandLine_KeepsTheBit()
    {
        var folder = _ws.Directory.CreateDirectory("payload-suid");
        SetUidCopyOfTrue(Path.Join(folder, "tool"));
        _ws.SpecWith();

        var result = _ws.Build("--content", $"{folder}:/opt/x", "--allow-set-id");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("file 4755", Describe(Path.Join(Extracted("native"), "opt/x/tool")));
    }

    [Fact]
    public void OptInCoversItsOwnContentOnly()
    {
        SetUidCopyOfTrue(Path.Join(_ws.Directory.CreateDirectory("a"), "tool"));
        var other = _ws.Directory.CreateDirectory("b");
        SetUidCopyOfTrue(Path.Join(other, "tool"));
        _ws.SpecWith("\"contents\": [{ \"source\": \"a\", \"target\": \"/opt/a\", \"allowSetId\": true }, { \"source\": \"b\", \"target\": \"/opt/b\" }]");

        var result = _ws.Build();

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error PS2019: /opt/b/tool (contents[1] (from {other})) is set-user-ID", line, StringComparison.Ordinal);
    }

    [Fact]
    public void SetIdProgramNamedByAUnit_IsKeptWhenItsContentAllowsIt()
    {
        SetUidCopyOfTrue(Path.Join(_ws.Directory.CreateDirectory("bin"), "tool"));
        _ws.Write("foo.service", "[Service]\nExecStart=/opt/x/tool\n");
        _ws.SpecWith("\"contents\": [{ \"source\": \"bin\", \"target\": \"/opt/x\", \"allowSetId\": true }]");

        Assert.Equal(0, _ws.Build().ExitCode);
        Assert.Equal("file 4755", Describe(Path.Join(Extracted("native"), "opt/x/tool")));
    }

    [Theory]
    [InlineData("allowDevices", "\"yes\"", "string")]
    [InlineData("allowSetId", "1", "number")]
    public void OptInThatIsNotABoolean_IsPS1006(string key, string value, string found)
    {
        _ws.SpecWith($"\"contents\": [{{ \"source\": \"payload\", \"target\": \"/opt/x\", \"{key}\": {value} }}]");

        _ws.AssertFails(_ws.Build(), $"error PS1006: $.contents[0].{key}: expected true or false, found {found}.");
    }

    [Theory]
    [MemberData(nameof(BuildWorkspace.Writers), MemberType = typeof(BuildWorkspace))]
    public void FifosAndSockets_GoInWithEveryWriter(string writer)
    {
        var folder = _ws.Directory.CreateDirectory("payload-ipc");
        UnixNative.CreateFifo(Path.Join(folder, "fifo"), (UnixFileMode)0b110_100_100);
        UnixNative.CreateSocketNode(Path.Join(folder, "a socket"), (UnixFileMode)0b111_101_101);
        _ws.SpecWith($"\"contents\": [{{ \"source\": \"payload-ipc\", \"target\": \"/opt/ipc\" }}]{BuildWorkspace.WriterKeys(writer)}");

        var result = _ws.Build();

        Assert.Equal(0, result.ExitCode);
        var tree = Extracted(writer);
        Assert.Equal("FIFO 644", Describe(Path.Join(tree, "opt/ipc/fifo")));
        Assert.Equal("socket 755", Describe(Path.Join(tree, "opt/ipc/a socket")));
    }

    /// <summary>The image's tree on disk: the directory image itself, or the squashfs image extracted by unsquashfs.</summary>
    private string Extracted(string writer)
    {
        if (writer == "directory")
        {
            return Path.Join(_ws.Output, "foo_1");
        }

        var tree = _ws.Combine("extracted");
        ExternalTool.RunChecked("unsquashfs", "-no-progress", "-d", tree, Path.Join(_ws.Output, "foo_1.raw"));
        return tree;
    }

    private static string Describe(string path)
    {
        var status = UnixNative.Stat(path);
        var permissions = Convert.ToString((int)status.Permissions, 8);
        return status switch
        {
            { IsCharacterDevice: true } => $"character device {status.DeviceMajor}:{status.DeviceMinor}",
            { IsBlockDevice: true } => $"block device {status.DeviceMajor}:{status.DeviceMinor}",
            { IsFifo: true } => $"FIFO {permissions}",
            { IsSocket: true } => $"socket {permissions}",
            _ => $"file {permissions}",
        };
    }

    private static void SetUidCopyOfTrue(string path)
    {
        File.Copy("/bin/true", path);
        File.SetUnixFileMode(path, SetUidProgram);
    }
}
