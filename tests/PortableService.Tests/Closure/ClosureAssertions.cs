using PortableService.Closure;

namespace PortableService.Tests.Closure;

internal static class ClosureAssertions
{
    /// <summary>The result's contract: sorted ordinally, no duplicates, nothing inside a tree, every path absolute.</summary>
    public static void AssertWellFormed(ClosureResult result)
    {
        var paths = result.Items.Select(i => i.HostPath).ToArray();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        Assert.Equal(paths.Length, paths.Distinct(StringComparer.Ordinal).Count());
        var trees = result.Items.Where(i => i.Kind == ClosureItemKind.Tree).Select(i => i.HostPath).ToArray();
        foreach (var item in result.Items)
        {
            Assert.StartsWith("/", item.HostPath);
            Assert.False(string.IsNullOrWhiteSpace(item.Reason), $"{item.HostPath} has no reason");
            Assert.DoesNotContain(trees, t => item.HostPath.StartsWith(t + "/", StringComparison.Ordinal));
            var info = new FileInfo(item.HostPath);
            switch (item.Kind)
            {
                case ClosureItemKind.Symlink:
                    Assert.NotNull(info.LinkTarget);
                    Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(info.LinkTarget!), item.Size);
                    break;
                case ClosureItemKind.File:
                    Assert.Null(info.LinkTarget);
                    Assert.True(info.Exists, $"{item.HostPath} is not a file");
                    Assert.Equal(info.Length, item.Size);
                    break;
                case ClosureItemKind.Tree:
                    Assert.Null(info.LinkTarget);
                    Assert.True(Directory.Exists(item.HostPath), $"{item.HostPath} is not a directory");
                    break;
            }

            // No component but the last is a symlink.
            var parent = Path.GetDirectoryName(item.HostPath)!;
            Assert.Equal(parent, ClosureImage.ResolveOnHost(parent));
        }
    }

    /// <summary>The absolute paths ldd prints for a program (libraries and the interpreter).</summary>
    public static IReadOnlyList<string> LddPaths(string program)
    {
        var output = ExternalTool.RunChecked(ExternalTool.Require("ldd", "apt-get install libc-bin"), program).Stdout;
        var paths = new List<string>();
        foreach (var raw in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var line = raw.Trim();
            Assert.DoesNotContain("not found", line);
            var arrow = line.IndexOf("=> ", StringComparison.Ordinal);
            var text = arrow >= 0 ? line[(arrow + 3)..] : line;
            var paren = text.IndexOf(" (", StringComparison.Ordinal);
            var path = paren >= 0 ? text[..paren] : text;
            if (path.StartsWith('/'))
            {
                paths.Add(path);
            }
        }

        return paths;
    }
}
