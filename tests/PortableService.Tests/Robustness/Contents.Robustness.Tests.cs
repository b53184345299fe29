using System.Net.Sockets;
using Squashfs;

namespace PortableService.Tests.Robustness;

/// <summary>
/// Bad contents: missing, special or unreadable files, symlink cycles, and files that change while the image is being
/// written. Exact messages naming the file and the fix, and no image or temporary file left behind.
/// </summary>
public sealed class ContentsRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private CliResult BuildContents(params string[] contents)
    {
        _ws.SpecWith($"\"contents\": [{string.Join(", ", contents.Select(c => System.Text.Json.JsonSerializer.Serialize(c)))}]");
        return _ws.Build();
    }

    [Fact]
    public void MissingPath_SaysCheckIt()
    {
        _ws.AssertFails(BuildContents("no-such-dir"), $"error PS1401: $.contents[0]: '{_ws.Combine("no-such-dir")}' does not exist; check the path.");
    }

    [Fact]
    public void MissingPathOnTheCommandLine_IsNamedAsTheOption()
    {
        _ws.SpecWith("\"contents\": [\"payload\"]");
        var missing = _ws.Combine("gone");
        _ws.AssertFails(_ws.Build("--content", missing), $"error PS1401: --content '{missing}': '{missing}' does not exist; check the path.");
    }

    [Fact]
    public void Socket_IsNotContent()
    {
        var path = _ws.Combine("control.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        _ws.AssertFails(BuildContents("control.sock"), $"error PS1403: $.contents[0]: '{path}' is a socket; contents must be regular files, directories or symlinks to them.");
    }

    [Fact]
    public void CharacterDevice_IsNotContent_UnlessAllowed()
    {
        _ws.AssertFails(BuildContents("/dev/null"), "error PS1415: $.contents[0]: '/dev/null' is a character device: in the image it would give the service the host's device, and the service manager provides /dev anyway. Leave it out; if the image must hold it, allow it in this content: \"allowDevices\": true (--allow-devices; AllowDevices=\"true\" on a PortableServiceContent item).");
    }

    [Fact]
    public void Fifo_IsNotContent()
    {
        var path = _ws.Combine("queue");
        BuildWorkspace.Sh($"mkfifo {BuildWorkspace.Quote(path)}");
        _ws.AssertFails(BuildContents("queue"), $"error PS1403: $.contents[0]: '{path}' is a FIFO; contents must be regular files, directories or symlinks to them.");
    }

    [Fact]
    public void DanglingSymlinkAsRoot_NamesItsTarget()
    {
        _ws.Symlink("gone", "/nonexistent/gone");
        _ws.AssertFails(BuildContents("gone"), $"error PS1402: $.contents[0]: '{_ws.Combine("gone")}' is a symlink to '/nonexistent/gone', which does not exist; fix the link or give the file itself.");
    }

    [Fact]
    public void CycleOfSymlinksAsRoot_SaysItIsACycle()
    {
        _ws.Symlink("ping", "pong");
        _ws.Symlink("pong", "ping");
        _ws.AssertFails(BuildContents("ping"), $"error PS1402: $.contents[0]: '{_ws.Combine("ping")}' is a symlink to 'pong', which leads back round in a cycle of symlinks and never reaches a file; break the cycle or give the file itself.");
    }

    [Fact]
    public void CycleOfDirectorySymlinksInside_IsKeptAsLinksAndBuilds()
    {
        // tree/a/up -> .. and tree/b/loop -> ../b: followed, they never end; kept as symlinks, they are harmless.
        _ws.Write("tree/a/file", "x\n");
        _ws.Symlink("tree/a/up", "..");
        _ws.Symlink("tree/b/loop", "../b");
        var result = BuildContents("tree");
        Assert.Equal(0, result.ExitCode);
        using var reader = SquashfsReader.Open(Path.Join(_ws.Output, "foo_1.raw"));
        Assert.Equal("..", reader.Find(_ws.Combine("tree/a/up"))!.SymlinkTarget);
        Assert.Equal("../b", reader.Find(_ws.Combine("tree/b/loop"))!.SymlinkTarget);
    }

    [Fact]
    public void TargetNameLongerThan255Bytes_SaysShortenIt()
    {
        var target = "/srv/" + new string('t', 300);
        _ws.SpecWith($"\"contents\": [{{ \"source\": \"payload\", \"target\": \"{target}\" }}]");
        _ws.AssertFails(_ws.Build(), $"error PS1404: $.contents[0].target: '{target}' has a component longer than 255 bytes; shorten it.");
    }

    [Fact]
    public void TwoSourcesForOneTarget_NamesBoth()
    {
        _ws.Write("other/data.txt", "other\n");
        _ws.SpecWith("\"contents\": [{ \"source\": \"payload\", \"target\": \"/srv/data\" }, { \"source\": \"other\", \"target\": \"/srv/data\" }]");
        _ws.AssertFails(_ws.Build(), $"error PS1408: $.contents[1].target: '/srv/data' is already the target of $.contents[0] with another source ('{_ws.Combine("payload")}'); give one of them another target.");
    }

    /// <summary>
    /// As root, permission bits do not stop reads, so the CLI runs as nobody (setpriv) on a file with mode 000; as
    /// another user, in-process on the same file.
    /// </summary>
    [Theory]
    [InlineData("secret/key", "secret/key")]
    [InlineData("secret", "secret/key")]
    public void UnreadableFile_NamesItAndSaysMakeItReadable(string content, string unreadable)
    {
        var path = _ws.Write("secret/key", "hunter2\n");
        File.SetUnixFileMode(path, UnixFileMode.None);
        _ws.SpecWith($"\"contents\": [\"{content}\"]");
        var expected = $"error PS2005: {_ws.Combine(unreadable)} (contents[0]) cannot be read: Access to the path '{_ws.Combine(unreadable)}' is denied. Make it readable for the user running the build, or leave it out.";
        var result = BuildAsUnprivileged();
        _ws.AssertFails(result, expected);
    }

    [Fact]
    public void UnreadableDirectory_NamesIt()
    {
        _ws.Write("locked/inner/file", "x\n");
        var locked = _ws.Combine("locked/inner");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        _ws.SpecWith("\"contents\": [\"locked\"]");
        var result = BuildAsUnprivileged();
        _ws.AssertFails(result, $"error PS2005: {locked} (contents[0]) cannot be read: Access to the path '{locked}' is denied. Make it readable for the user running the build, or leave it out.");
    }

    /// <summary>A file truncated while its blocks are being compressed: the build stops, naming it.</summary>
    [Fact]
    public void FileTruncatedWhileBeingRead_SaysItChanged()
    {
        var big = WriteBigFile("big/a.bin");
        var result = BuildWhileWriting(() => File.WriteAllBytes(big, []));
        _ws.AssertFails(result, $"error PS3004: '{big}' became shorter while it was being read (it had {BigSize} bytes when the build started): it was changed or removed during the build. Stop whatever changes it, then build again. No image was written.");
    }

    [Fact]
    public void FileGrowingWhileBeingRead_SaysItChanged()
    {
        var big = WriteBigFile("big/a.bin");
        var result = BuildWhileWriting(() =>
        {
            using var append = new FileStream(big, FileMode.Append, FileAccess.Write);
            append.Write(new byte[4096]);
        });
        _ws.AssertFails(result, $"error PS3004: '{big}' became longer while it was being read (it had {BigSize} bytes when the build started): it was changed during the build. Stop whatever writes to it, then build again. No image was written.");
    }

    [Fact]
    public void FileRemovedBeforeItIsRead_SaysItWasRemoved()
    {
        WriteBigFile("big/a.bin");
        var small = _ws.Write("big/b.txt", "read after a.bin\n");
        var result = BuildWhileWriting(() => File.Delete(small));
        _ws.AssertFails(result, $"error PS3004: Cannot read '{small}': No such file or directory. It was removed during the build: leave it in place until the build is done. No image was written.");
    }

    /// <summary>On Linux a file removed while open keeps its data: the image holds it whole, as it was.</summary>
    [Fact]
    public void FileRemovedWhileBeingRead_IsStoredWhole()
    {
        var big = WriteBigFile("big/a.bin");
        var expected = File.ReadAllBytes(big);
        var result = BuildWhileWriting(() => File.Delete(big));
        Assert.Equal(0, result.ExitCode);
        using var reader = SquashfsReader.Open(Path.Join(_ws.Output, "foo_1.raw"));
        Assert.True(expected.AsSpan().SequenceEqual(reader.ReadAllBytes(reader.Find(big)!)));
    }

    private const int BigSize = 48 << 20;

    private string WriteBigFile(string relative)
    {
        var data = new byte[BigSize];
        new Random(7).NextBytes(data);
        var path = _ws.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, data);
        return path;
    }

    /// <summary>
    /// Builds the "big" folder with fast compression; once the temporary image holds a megabyte (the writer is then a
    /// few blocks into a.bin, far from its end), runs <paramref name="change"/>.
    /// </summary>
    private CliResult BuildWhileWriting(Action change)
    {
        _ws.SpecWith("\"contents\": [\"big\"], \"squash-compression\": \"gzip -Xcompression-level 1\"");
        var build = Task.Run(() => _ws.Build());
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var changed = false;
        while (!build.IsCompleted && DateTime.UtcNow < deadline)
        {
            var temporary = new DirectoryInfo(_ws.Output).EnumerateFiles(".foo_1.raw.*.tmp").FirstOrDefault();
            if (temporary is { Length: >= 1 << 20 })
            {
                change();
                changed = true;
                break;
            }

            Thread.Sleep(1);
        }

        var result = build.GetAwaiter().GetResult(); // A helper, not a test method: the build runs on the thread pool.
        Assert.True(changed, $"the build ended before the file could be changed: {result}");
        return result;
    }

    /// <summary>Runs the build as nobody when root (setpriv), else in-process as the current user.</summary>
    private CliResult BuildAsUnprivileged()
    {
        if (!TestEnvironment.IsRoot)
        {
            return _ws.Build();
        }

        File.SetUnixFileMode(_ws.Root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(_ws.Output, (UnixFileMode)0b111_111_111);
        return BuildWorkspace.RunCli(["build", _ws.Combine("spec.json"), "-o", _ws.Output, "--quiet"], runAs: "setpriv --reuid=65534 --regid=65534 --clear-groups");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("up")]
    public void RootAsSourceWithATarget_IsPS1414(string source)
    {
        _ws.Symlink("up", "/");
        var path = source == "/" ? source : _ws.Combine(source);
        _ws.SpecWith($"\"contents\": [{{ \"source\": \"{source}\", \"target\": \"/opt/host\" }}]");

        _ws.AssertFails(_ws.Build(), $"error PS1414: $.contents[0]: the source '{path}' is the root directory, whose closure is the whole build host: give the directories the service needs.");
    }
}
