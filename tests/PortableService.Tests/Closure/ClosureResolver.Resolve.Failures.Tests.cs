using PortableService.Closure;
using PortableService.Diagnostics;

using PortableService.Tests.TestSupport;
using PortableService.TestSupport;

namespace PortableService.Tests.Closure;

/// <summary>Everything that cannot be found or read is reported, all at once, each naming who needed it.</summary>
public sealed class ClosureResolverResolveFailuresTests
{
    private static readonly ClosureOptions s_options = new() { StoreDirectory = "/nonexistent-store" };

    [Fact]
    public void RootThatDoesNotExist_IsPS2001NamingTheRootAndTheMissingComponent()
    {
        using var resolver = new ClosureResolver(s_options);
        var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot("/nonexistent-dir/bin/app", "contents[2]")]));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal("PS2001", diagnostic.Code);
        Assert.Equal("/nonexistent-dir/bin/app", diagnostic.Location);
        Assert.Contains("named by contents[2]", diagnostic.Message);
        Assert.Contains("/nonexistent-dir does not exist", diagnostic.Message);
    }

    [Fact]
    public void DanglingSymlinkRoot_ErrorShowsTheSymlink()
    {
        using var temp = new TempDirectory();
        var link = temp.Symlink("link", "missing-target");
        using var resolver = new ClosureResolver(s_options);
        var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(link, "symlinks[0].object")]));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal("PS2001", diagnostic.Code);
        Assert.Contains($"{temp.Combine("missing-target")} does not exist (through {link} -> missing-target)", diagnostic.Message);
    }

    [Fact]
    public void SymlinkLoop_IsReportedNotFollowedForever()
    {
        using var temp = new TempDirectory();
        temp.Symlink("a", "b");
        temp.Symlink("b", "a");
        using var resolver = new ClosureResolver(s_options);
        var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(temp.Combine("a"), "contents[0]")]));
        Assert.Contains("more than 40 symlinks", Assert.Single(error.Diagnostics).Message);
    }

    [Fact]
    public void SeveralProblems_AreAllReportedInOneException()
    {
        using var temp = new TempDirectory();
        var script = temp.Write("run", "#!/nonexistent/sh\n", TempDirectory.Executable);
        var envScript = temp.Write("run-env", "#!/usr/bin/env no-such-command-anywhere\n", TempDirectory.Executable);
        using var resolver = new ClosureResolver(s_options);
        var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([
            new ClosureRoot("/nonexistent/one", "contents[0]"),
            new ClosureRoot("/usr/bin/env", "contents[1]"),
            new ClosureRoot("/nonexistent/two", "contents[2]"),
            new ClosureRoot(script, "contents[3]"),
            new ClosureRoot(envScript, "contents[4]"),
        ]));

        Assert.Equal(["PS2001", "PS2001", "PS2004", "PS2004"], error.Diagnostics.Select(d => d.Code).Order());
        Assert.Contains(error.Diagnostics, d => d.Message.Contains("/nonexistent/sh named by the #! line of " + script, StringComparison.Ordinal));
        var env = error.Diagnostics.Single(d => d.Message.Contains("no-such-command-anywhere", StringComparison.Ordinal));
        Assert.Contains("/usr/bin/no-such-command-anywhere", env.Message);
        Assert.Contains("(contents[4])", env.Message);
    }

    [Fact]
    public void AllowMissing_TurnsMissingRootsIntoWarnings()
    {
        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = "/nonexistent-store", AllowMissing = true });
        var result = resolver.Resolve([new ClosureRoot("/nonexistent/one", "contents[0]"), new ClosureRoot("/usr/bin/env", "contents[1]")]);

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("PS2001", warning.Code);
        Assert.Contains(result.Items, i => i.HostPath == "/usr/bin/env");
    }

    /// <summary>
    /// Root reads every file whatever its mode, so the file is one the kernel fails to read: the first block of a file
    /// in a damaged squashfs, mounted (EIO). (/proc is no longer read at all: what is there is the build's own process.)
    /// </summary>
    [RootFact]
    public void UnreadableFile_IsPS2005EvenWithAllowMissing()
    {
        using var temp = new TempDirectory();
        temp.Write("healthy/data.txt", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i} of some text that compresses\n")));
        var image = temp.Combine("damaged.sqfs");
        ExternalTool.RunChecked("mksquashfs", temp.Combine("healthy"), image, "-noappend", "-quiet", "-no-progress", "-comp", "gzip");
        using (var stream = new FileStream(image, FileMode.Open, FileAccess.Write))
        {
            // Just past the 96-byte superblock: inside the file's first compressed block.
            stream.Position = 200;
            stream.Write(Enumerable.Repeat((byte)0xff, 64).ToArray());
        }

        using var mount = new LoopMount(image, temp.Combine("mnt"));
        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = "/nonexistent-store", AllowMissing = true });
        var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(Path.Join(mount.Path, "data.txt"), "contents[0]")]));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal("PS2005", diagnostic.Code);
        Assert.Contains("(contents[0]) cannot be read", diagnostic.Message);
    }

    [Fact]
    public void SpecialFileRoot_IsPS2007()
    {
        using var temp = new TempDirectory();
        var fifo = temp.Combine("fifo");
        System.Diagnostics.Process.Start("mkfifo", [fifo]).WaitForExit();
        using var resolver = new ClosureResolver(s_options);
        var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(fifo, "contents[0]")]));
        Assert.Equal("PS2007", Assert.Single(error.Diagnostics).Code);
    }

    [Fact]
    public void DeviceNodeRoot_IsPS2018_WhenUnsafeFilesAreRefused()
    {
        using var resolver = new ClosureResolver(s_options with { RefuseUnsafeFiles = true });
        var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot("/dev/null", "contents[0]")]));
        Assert.Equal("PS2018", Assert.Single(error.Diagnostics).Code);
    }

    [Fact]
    public void MalformedElf_IsAWarningAndTheFileIsStillIncluded()
    {
        using var temp = new TempDirectory();
        var bytes = File.ReadAllBytes("/usr/bin/env")[..200];
        var broken = temp.Combine("broken");
        File.WriteAllBytes(broken, bytes);

        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(broken, "contents[0]")]);

        Assert.Equal("PS2006", Assert.Single(result.Diagnostics).Code);
        Assert.Contains(result.Items, i => i.HostPath == broken);
    }

    [Fact]
    public void Cancellation_IsHonoured()
    {
        using var resolver = new ClosureResolver(s_options);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => resolver.Resolve([new ClosureRoot("/usr/bin", "contents[0]")], cancelled.Token));
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new ClosureResolver(null!));
        Assert.Throws<ArgumentException>(() => new ClosureResolver(new ClosureOptions { StoreDirectory = "relative/store" }));
        using var resolver = new ClosureResolver(s_options);
        Assert.Throws<ArgumentException>(() => resolver.Resolve([new ClosureRoot("", "contents[0]")]));
    }
}
