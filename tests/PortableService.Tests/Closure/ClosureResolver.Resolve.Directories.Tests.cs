using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Closure;

/// <summary>A directory root is copied whole, and brings the closure of each ELF file and script in it.</summary>
public sealed class ClosureResolverResolveDirectoriesTests
{
    private static readonly ClosureOptions s_options = new() { StoreDirectory = "/nonexistent-store" };

    [Fact]
    public void DirectoryRoot_IsOneTreeItemPlusWhatItsProgramsNeed()
    {
        using var temp = new TempDirectory();
        var app = temp.Combine("app");
        Directory.CreateDirectory(temp.Combine("app", "bin"));
        File.Copy("/usr/bin/ls", temp.Combine("app", "bin", "ls"));
        temp.Write("app/bin/run", "#!/bin/sh\nexec ls\n", TempDirectory.Executable);
        temp.Write("app/share/data.txt", "just data\n");
        temp.Write("app/share/not-a-script", "#!/nonexistent/interpreter\n"); // not executable: data
        temp.Symlink("app/bin/ls-again", "ls");

        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(app, "contents[0]")]);

        ClosureAssertions.AssertWellFormed(result);
        var tree = Assert.Single(result.Items, i => i.HostPath == app);
        Assert.Equal(ClosureItemKind.Tree, tree.Kind);
        Assert.Equal("contents[0]", tree.Reason);
        var expectedSize = new FileInfo("/usr/bin/ls").Length + "#!/bin/sh\nexec ls\n".Length + "just data\n".Length + "#!/nonexistent/interpreter\n".Length + "ls".Length;
        Assert.Equal(expectedSize, tree.Size);
        Assert.DoesNotContain(result.Items, i => i.HostPath.StartsWith(app + "/", StringComparison.Ordinal));

        var image = new ClosureImage(result);
        image.AssertHas("/lib64/ld-linux-x86-64.so.2");
        image.AssertHas("/bin/sh");
        var libc = ClosureImage.ResolveOnHost("/lib/x86_64-linux-gnu/libc.so.6");
        Assert.Contains($"needed by {app}/bin/ls", image[libc]!.Reason);
    }

    [Fact]
    public void DanglingSymlinkInsideContentDirectory_IsDataAndNoError()
    {
        using var temp = new TempDirectory();
        var dir = temp.Combine("content");
        Directory.CreateDirectory(dir);
        temp.Symlink("content/dangling", "/nonexistent/target/file");
        temp.Symlink("content/dangling-relative", "../nowhere");
        temp.Write("content/file", "x");

        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(dir, "contents[0]")]);

        var item = Assert.Single(result.Items);
        Assert.Equal(dir, item.HostPath);
        Assert.Equal(ClosureItemKind.Tree, item.Kind);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(1 + "/nonexistent/target/file".Length + "../nowhere".Length, item.Size);
    }

    [Fact]
    public void SymlinkLeadingOutOfContentDirectory_StaysALink_AndWarnsThatItDangles()
    {
        using var temp = new TempDirectory();
        var dir = temp.Combine("content");
        temp.Symlink("content/bin/env", "/usr/bin/env");
        temp.Symlink("content/bin/self", "../bin");

        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(dir, "contents[0]")]);

        ClosureAssertions.AssertWellFormed(result);
        Assert.Equal(dir, Assert.Single(result.Items).HostPath);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(("PS2022", DiagnosticSeverity.Warning, $"{dir}/bin/env"), (warning.Code, warning.Severity, warning.Location));
        Assert.Contains($"leads out of its content to {ClosureImage.ResolveOnHost("/usr/bin/env")}", warning.Message);
    }

    [Fact]
    public void SymlinkLeadingOutOfADirectoryThatFollowsLinksOut_BringsWhatItLeadsTo()
    {
        using var temp = new TempDirectory();
        var store = temp.Combine("certs");
        temp.Write("share/ca/root.crt", "certificate");
        temp.Symlink("certs/root.pem", "../share/ca/root.crt");
        temp.Symlink("certs/1a2b3c4d.0", "root.pem");
        temp.Symlink("certs/gone.pem", "../share/ca/gone.crt");

        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(store, "the CA store") { FollowsLinksOut = true }]);

        ClosureAssertions.AssertWellFormed(result);
        Assert.Equal([store, temp.Combine("share/ca/root.crt")], result.Items.Select(i => i.HostPath).Order(StringComparer.Ordinal));
        Assert.StartsWith("the CA store", result.Items.Single(i => i.HostPath.EndsWith(".crt", StringComparison.Ordinal)).Reason, StringComparison.Ordinal);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void DirectoryReachedThroughSymlink_KeepsTheSymlinkAndTheTree()
    {
        using var temp = new TempDirectory();
        temp.Write("real/data", "d");
        var link = temp.Symlink("link", "real");

        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(link + "/", "contents[0]")]);

        ClosureAssertions.AssertWellFormed(result);
        Assert.Equal(ClosureItemKind.Symlink, result.Items.Single(i => i.HostPath == link).Kind);
        Assert.Equal(ClosureItemKind.Tree, result.Items.Single(i => i.HostPath == temp.Combine("real")).Kind);
    }

    [Fact]
    public void NestedRoots_TheInnerOneIsInsideTheOuterTree()
    {
        using var temp = new TempDirectory();
        temp.Write("outer/inner/file", "f");
        using var resolver = new ClosureResolver(s_options);
        var result = resolver.Resolve([new ClosureRoot(temp.Combine("outer", "inner"), "contents[0]"), new ClosureRoot(temp.Combine("outer"), "contents[1]")]);

        var item = Assert.Single(result.Items);
        Assert.Equal(temp.Combine("outer"), item.HostPath);
    }

    [Fact]
    public void PathsWithDotDot_AreResolvedPhysically()
    {
        using var temp = new TempDirectory();
        temp.Write("a/target", "t");
        Directory.CreateDirectory(temp.Combine("b", "c"));
        temp.Symlink("link", "b/c");

        using var resolver = new ClosureResolver(s_options);
        // link/.. is b (the parent of the real c), not the temp directory.
        var result = resolver.Resolve([new ClosureRoot(temp.Combine("link", "..", "..", "a", "target"), "contents[0]")]);

        Assert.Contains(result.Items, i => i.HostPath == temp.Combine("a", "target") && i.Kind == ClosureItemKind.File);
        Assert.Contains(result.Items, i => i.HostPath == temp.Combine("link") && i.Kind == ClosureItemKind.Symlink);
    }
}
