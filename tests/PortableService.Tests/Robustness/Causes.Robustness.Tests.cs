using PortableService.Tests.Closure;
using PortableService.Tests.TestSupport;
using Squashfs.Tests.Support;

namespace PortableService.Tests.Robustness;

/// <summary>
/// Messages name the real cause: an I/O error says "Input/output error" (a real one: a damaged squashfs mounted by the
/// kernel), not "changed during the build"; /proc and /sys are not copied as files; a name that is not UTF-8 is named
/// with its bytes; POSIX ACLs, which squashfs cannot store, give one warning per build. The same with every writer.
/// </summary>
public sealed class CausesRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public void Dispose()
    {
        // .NET cannot name, so cannot delete, the files whose names are not UTF-8.
        BuildWorkspace.Sh($"rm -rf {BuildWorkspace.Quote(_ws.Combine("payload"))}");
        _ws.Dispose();
    }

    [RootTheory]
    [MemberData(nameof(BuildWorkspace.Writers), MemberType = typeof(BuildWorkspace))]
    public void IoErrorWhileReadingAContent_SaysInputOutputError(string writer)
    {
        var mount = MountDamagedSquashfs();
        try
        {
            _ws.SpecWith($"\"contents\": [{{ \"source\": \"{mount.Path}\", \"target\": \"/opt/data\" }}]{BuildWorkspace.WriterKeys(writer)}");

            var nothing = writer == "directory" ? "No directory was written." : "No image was written.";
            _ws.AssertFails(_ws.Build(), $"error PS3004: Cannot read '{mount.Path}/data.txt': Input/output error. The disk or file system under it failed to deliver its data: check the device (dmesg), or copy the file from a healthy source, then build again. {nothing}");
        }
        finally
        {
            mount.Dispose();
        }
    }

    [Fact]
    public void ProcFileAsContent_IsPS1413()
    {
        _ws.SpecWith("\"contents\": [{ \"source\": \"/proc/cpuinfo\", \"target\": \"/opt/cpuinfo\" }]");

        _ws.AssertFails(_ws.Build(), "error PS1413: $.contents[0]: '/proc/cpuinfo' is in /proc, which the kernel makes up as it is read (its files say size 0 and change from one read to the next), so it cannot be copied into an image; the service sees its own /proc at run time. To ship a snapshot, copy what the service needs into a regular file and give that.");
    }

    [Fact]
    public void SymlinkIntoSysAsContent_IsPS1413()
    {
        var link = _ws.Symlink("kernel", "/sys/kernel");
        _ws.SpecWith();

        var result = _ws.Build("--content", $"{link}:/opt/kernel");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error PS1413: --content '{link}:/opt/kernel': '{link}' is in /sys, which the kernel makes up", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void SymlinkWhoseObjectIsInProc_IsALinkAndNothingIsCopied()
    {
        _ws.SpecWith("\"symlinks\": [{ \"object\": \"/proc/self/mounts\", \"symlink\": \"/etc/mtab\" }]");

        var result = _ws.Build();

        Assert.Equal(0, result.ExitCode);
        var listing = ExternalTool.RunChecked("unsquashfs", "-lls", Path.Join(_ws.Output, "foo_1.raw")).Stdout;
        Assert.Contains("squashfs-root/etc/mtab -> /proc/self/mounts", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("squashfs-root/proc/", listing, StringComparison.Ordinal);
    }

    [Fact]
    public void LinkIntoProcInsideAContent_IsKeptWithoutAWarning()
    {
        _ws.Symlink("payload/mtab", "/proc/self/mounts");
        _ws.SpecWith("\"contents\": [{ \"source\": \"payload\", \"target\": \"/opt/p\" }]");

        var result = BuildWorkspace.Run(["build", _ws.Combine("spec.json"), "-o", _ws.Output]);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(result.ErrorLines, l => l.StartsWith("warning", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BuildWorkspace.Writers), MemberType = typeof(BuildWorkspace))]
    public void NamesThatAreNotUtf8_ArePS2023NamingTheirBytes(string writer)
    {
        CreateFile("payload", "caf\\351.txt");
        CreateFile("payload", "\\377\\376");
        _ws.SpecWith($"\"contents\": [{{ \"source\": \"payload\", \"target\": \"/opt/p\" }}]{BuildWorkspace.WriterKeys(writer)}");

        _ws.AssertFails(_ws.Build(), $"error PS2023: /opt/p (contents[0] (from {_ws.Combine("payload")})) holds 2 names that are not UTF-8, such as 'caf\\xe9.txt' (the bytes shown as \\xNN), and names in an image are UTF-8, as systemd's settings are. Rename them to UTF-8 (convmv -f latin1 -t utf8), or leave them out (exclude).");
    }

    [Fact]
    public void NameThatIsNotUtf8_CanBeLeftOut()
    {
        CreateFile("payload", "caf\\351.txt");
        _ws.SpecWith("\"contents\": [{ \"source\": \"payload\", \"target\": \"/opt/p\", \"exclude\": [\"caf*\"] }]");

        Assert.Equal(0, _ws.Build().ExitCode);
        var listing = ExternalTool.RunChecked("unsquashfs", "-lls", Path.Join(_ws.Output, "foo_1.raw")).Stdout;
        Assert.Contains("squashfs-root/opt/p/data.txt", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("caf", listing, StringComparison.Ordinal);
    }

    [ToolTheory("setfacl")]
    [MemberData(nameof(BuildWorkspace.Writers), MemberType = typeof(BuildWorkspace))]
    public void PosixAcls_GiveOneWarningNamingTheFirstAndTheCount(string writer)
    {
        var first = _ws.Write("payload/a.txt", "a\n");
        _ws.Write("payload/sub/b.txt", "b\n");
        ExternalTool.RunChecked("setfacl", "-m", "u:nobody:r", first, _ws.Combine("payload/sub/b.txt"));
        ExternalTool.RunChecked("setfacl", "-d", "-m", "u:nobody:rx", _ws.Combine("payload/sub"));
        _ws.SpecWith($"\"contents\": [{{ \"source\": \"payload\", \"target\": \"/opt/p\" }}]{BuildWorkspace.WriterKeys(writer)}");

        var result = BuildWorkspace.Run(["build", _ws.Combine("spec.json"), "-o", _ws.Output]);

        Assert.Equal(0, result.ExitCode);
        var warning = Assert.Single(result.ErrorLines, l => l.StartsWith("warning", StringComparison.Ordinal));
        Assert.Equal($"warning PS3011: 3 files carry POSIX ACLs (the first {first}), which squashfs cannot store: in the image only their mode bits apply (the group bits are the ACL's mask). Grant the access the service needs through the mode bits (setfacl -b, then chmod).", warning);
    }

    /// <summary>An empty file named by printf's octal escapes: .NET's string paths cannot name bytes that are not UTF-8.</summary>
    private void CreateFile(string folder, string printfName) =>
        BuildWorkspace.Sh($"cd {BuildWorkspace.Quote(_ws.Combine(folder))} && : > \"$(printf '{printfName}')\"");

    /// <summary>
    /// A squashfs holding data.txt (700 KB of text, gzip) whose middle is overwritten, mounted by the kernel: the
    /// file's first block reads, a later one fails with EIO.
    /// </summary>
    private LoopMount MountDamagedSquashfs()
    {
        var source = _ws.Directory.CreateDirectory("healthy");
        File.WriteAllText(Path.Join(source, "data.txt"), string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i} of some text that compresses\n")));
        var image = _ws.Combine("damaged.sqfs");
        ExternalTool.RunChecked("mksquashfs", source, image, "-noappend", "-quiet", "-no-progress", "-comp", "gzip");
        using (var stream = new FileStream(image, FileMode.Open, FileAccess.Write))
        {
            stream.Position = stream.Length / 2;
            stream.Write(Enumerable.Repeat((byte)0xff, 64).ToArray());
        }

        return new LoopMount(image, _ws.Combine("mnt"));
    }
}
