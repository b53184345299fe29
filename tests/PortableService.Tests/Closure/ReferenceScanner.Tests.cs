using System.Text;
using PortableService.Closure;
using PortableService.Closure.Nix;
using PortableService.FileTrees;

using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Closure;

/// <summary>The scan that finds references in a store without its database, as Nix finds them after a build.</summary>
public sealed class ReferenceScannerTests
{
    [Fact]
    public void FindsHashesInContentsNamesAndSymlinkTargets()
    {
        using var store = new FakeStore();
        var inContent = store.File("in-content", "x");
        var inName = store.File("in-name", "x");
        var inTarget = store.File("in-target", "x");
        var unrelated = store.File("unrelated", "x");
        var root = store.Directory("root", ("bin/app", $"#!{inContent}/bin/sh\n"));
        File.WriteAllText(Path.Combine(root, "bin", "cache-" + Path.GetFileName(inName)), "");
        File.CreateSymbolicLink(Path.Combine(root, "link"), inTarget);

        var references = Scan(store, root);

        Assert.Equal(new[] { inContent, inName, inTarget }.Order(StringComparer.Ordinal), references.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(unrelated, references);
    }

    [Fact]
    public void SelfReference_IsFound()
    {
        using var store = new FakeStore();
        var path = store.PathFor("self");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "config"), $"prefix={path}\n");

        Assert.Equal([path], Scan(store, path));
    }

    [Theory]
    [InlineData(256 * 1024 - 40)]
    [InlineData(256 * 1024 - 16)]
    [InlineData(256 * 1024 - 1)]
    [InlineData(256 * 1024)]
    [InlineData(2 * 256 * 1024 - 20)]
    public void HashAcrossABlockBoundary_IsFound(int offset)
    {
        using var store = new FakeStore();
        var target = store.File("target", "x");
        var root = store.PathFor("big");
        var hash = Encoding.ASCII.GetBytes(StorePath.HashPart(target));
        var data = new byte[offset + 100];
        Array.Fill(data, (byte)'E'); // not in the alphabet
        hash.CopyTo(data, offset);
        File.WriteAllBytes(root, data);

        Assert.Equal([target], Scan(store, root));
    }

    [Fact]
    public void HashInsideALongerRunOfAlphabetCharacters_IsFound()
    {
        // Nix checks every 32-character window, so a hash glued to other base-32 characters still counts.
        using var store = new FakeStore();
        var target = store.File("target", "x");
        var root = store.File("root", "0123456789abcdfghijk" + StorePath.HashPart(target) + "lmnpqrsvwxyz00");
        Assert.Equal([target], Scan(store, root));
    }

    [Fact]
    public void MatchIsCaseSensitiveAndNeedsAllThirtyTwoCharacters()
    {
        using var store = new FakeStore();
        var target = store.File("target", "x");
        var hash = StorePath.HashPart(target);
        var root = store.File("root", hash.ToUpperInvariant() + " " + hash[..31] + " " + hash[1..]);
        Assert.Empty(Scan(store, root));
    }

    [Fact]
    public void LockFileSharingAHash_LosesToThePathItself()
    {
        using var store = new FakeStore();
        var target = store.File("target", "x");
        File.WriteAllText(target + ".lock", "");
        var root = store.File("root", target);
        Assert.Equal([target], Scan(store, root));
    }

    [Fact]
    public void Resolver_ScanClosure_ChainsDiamondsAndSymlinks()
    {
        using var store = new FakeStore();
        var bottom = store.File("bottom", "leaf");
        var left = store.File("left", $"uses {bottom}");
        var right = store.Directory("right", ("share/x", $"uses {bottom}/share"));
        var top = store.Directory("top", ("bin/app", $"{left}\n{right}\n"));
        var linked = store.File("linked", "x");
        File.CreateSymbolicLink(Path.Combine(top, "data"), linked);
        store.File("unrelated", bottom); // refers to bottom, but nothing refers to it

        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = store.StoreDirectory, NixSource = NixReferenceSource.Scan });
        var result = resolver.Resolve([new ClosureRoot(Path.Combine(top, "bin", "app"), "contents[0]")]);

        ClosureAssertions.AssertWellFormed(result);
        Assert.Equal(new[] { top, left, right, bottom, linked }.Order(StringComparer.Ordinal), result.Items.Select(i => i.HostPath));
        Assert.Equal(ClosureItemKind.Tree, result.Items.Single(i => i.HostPath == top).Kind);
        Assert.Equal(ClosureItemKind.File, result.Items.Single(i => i.HostPath == bottom).Kind);
        Assert.Equal($"contents[0] (for {top}/bin/app)", result.Items.Single(i => i.HostPath == top).Reason);
        Assert.StartsWith($"referenced by {left}", result.Items.Single(i => i.HostPath == bottom).Reason);
        Assert.Equal(new FileInfo(Path.Combine(top, "bin", "app")).Length + linked.Length, result.Items.Single(i => i.HostPath == top).Size);
    }

    [Fact]
    public void Resolver_HostSymlinkIntoTheStore_BringsTheStorePath()
    {
        using var store = new FakeStore();
        using var temp = new TempDirectory();
        var dep = store.File("dep", "d");
        var package = store.Directory("pkg", ("bin/tool", $"#!/bin/sh\n# {dep}\n"));
        var link = temp.Symlink("tool", Path.Combine(package, "bin", "tool"));

        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = store.StoreDirectory, NixSource = NixReferenceSource.Scan });
        var result = resolver.Resolve([new ClosureRoot(link, "symlinks[0].object")]);

        Assert.Equal(new[] { link, package, dep }.Order(StringComparer.Ordinal), result.Items.Select(i => i.HostPath));
        Assert.Equal(ClosureItemKind.Symlink, result.Items.Single(i => i.HostPath == link).Kind);
    }

    private static string[] Scan(FakeStore store, string storePath)
    {
        var scanner = new ReferenceScanner(StoreHashIndex.Build(store.StoreDirectory));
        var result = scanner.ScanStorePath(storePath, new PathResolver(HostFileTree.Instance), CancellationToken.None);
        Assert.Empty(result.Problems);
        return result.References.Order(StringComparer.Ordinal).ToArray();
    }
}
