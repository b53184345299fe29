using System.Diagnostics;

namespace PortableService.FileTrees;

/// <summary>
/// A file tree as the loader sees it: <c>lstat</c>, <c>readlink</c> and path resolution, each answered once per path
/// and remembered. Not thread-safe.
/// </summary>
internal sealed class PathResolver(IFileTree tree)
{
    /// <summary>Linux gives up after 40 symlinks in one lookup (ELOOP).</summary>
    private const int MaxSymlinks = 40;
    private const string LoopFailure = "is reached through more than";

    public IFileTree Tree { get; } = tree;

    private readonly Dictionary<string, FileNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _linkTargets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PathResolution> _resolutions = new(StringComparer.Ordinal);

    /// <summary>The <c>lstat</c> of an absolute path.</summary>
    public FileNode Lstat(string path)
    {
        Debug.Assert(path.StartsWith('/'));
        if (!_nodes.TryGetValue(path, out var node))
        {
            node = Tree.Lstat(path);
            _nodes[path] = node;
        }

        return node;
    }

    /// <summary>The target of a symlink, or null when it cannot be read.</summary>
    public string? ReadLink(string path)
    {
        if (!_linkTargets.TryGetValue(path, out var target))
        {
            target = Tree.ReadLink(path);
            _linkTargets[path] = target;
        }

        return target;
    }

    /// <summary>
    /// Resolves an absolute path as the kernel does, left to right: each symlink is replaced by its target (relative
    /// targets from the symlink's directory) and <c>..</c> goes to the parent of the real directory reached so far.
    /// </summary>
    public PathResolution Resolve(string path)
    {
        Debug.Assert(path.StartsWith('/'));
        return Resolve(path, 0);
    }

    /// <summary>
    /// The bytes of the regular file <paramref name="path"/> leads to, following symlinks; null when there is none or
    /// it is larger than <paramref name="maxBytes"/>.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public byte[]? ReadFile(string path, long maxBytes)
    {
        var resolution = Resolve(path);
        if (!resolution.Succeeded || resolution.Node.Kind != FileNodeKind.File || resolution.Node.Size > maxBytes)
        {
            return null;
        }

        using var file = Tree.OpenFile(resolution.RealPath!);
        var data = new byte[resolution.Node.Size];
        var done = 0;
        while (done < data.Length)
        {
            var n = file.ReadAt(done, data.AsSpan(done));
            if (n == 0)
            {
                return data[..done];
            }

            done += n;
        }

        return data;
    }

    private PathResolution Resolve(string path, int depth)
    {
        if (_resolutions.TryGetValue(path, out var cached))
        {
            return cached;
        }

        var result = ResolveUncached(path, depth);
        // A lookup that ran out of symlinks deep inside another may succeed when started afresh: keep only the rest.
        if (!result.Failure?.StartsWith(LoopFailure, StringComparison.Ordinal) ?? true)
        {
            _resolutions[path] = result;
        }

        return result;
    }

    private PathResolution ResolveUncached(string path, int depth)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return PathResolution.Success(path, "/", new FileNode(FileNodeKind.Directory, 0b111_101_101, 0, null), []);
        }

        var slash = trimmed.LastIndexOf('/');
        var parentPath = slash == 0 ? "/" : trimmed[..slash];
        var name = trimmed[(slash + 1)..];
        var parent = Resolve(parentPath, depth);
        if (!parent.Succeeded)
        {
            return PathResolution.Failed(path, parent.Symlinks, parent.FailedAt!, parent.Failure!);
        }

        if (parent.Node.Kind != FileNodeKind.Directory)
        {
            return PathResolution.Failed(path, parent.Symlinks, parent.RealPath!, "is not a directory");
        }

        var parentReal = parent.RealPath!;
        string candidate;
        if (name.Length == 0 || name == ".")
        {
            candidate = parentReal;
        }
        else if (name == "..")
        {
            candidate = UnixPath.Parent(parentReal);
        }
        else
        {
            candidate = UnixPath.Join(parentReal, name);
        }

        // A trailing slash asks for a directory, as it does for the kernel.
        var wantsDirectory = trimmed.Length != path.Length;
        var node = Lstat(candidate);
        switch (node.Kind)
        {
            case FileNodeKind.Missing:
                return PathResolution.Failed(path, parent.Symlinks, candidate, "does not exist");
            case FileNodeKind.Error:
                return PathResolution.Failed(path, parent.Symlinks, candidate, "cannot be examined: " + node.Error);
            case FileNodeKind.Symlink:
                if (depth >= MaxSymlinks)
                {
                    return PathResolution.Failed(path, parent.Symlinks, candidate, $"{LoopFailure} {MaxSymlinks} symlinks (a loop?)");
                }

                var target = ReadLink(candidate);
                if (target is null)
                {
                    return PathResolution.Failed(path, parent.Symlinks, candidate, "is a symlink that cannot be read");
                }

                if (target.Length == 0)
                {
                    return PathResolution.Failed(path, parent.Symlinks, candidate, "is a symlink with an empty target");
                }

                var targetPath = target.StartsWith('/') ? target : UnixPath.Join(parentReal, target);
                if (wantsDirectory)
                {
                    targetPath += "/";
                }

                var followed = Resolve(targetPath, depth + 1);
                var hops = Concat(parent.Symlinks, new SymlinkHop(candidate, target), followed.Symlinks);
                return followed.Succeeded
                    ? PathResolution.Success(path, followed.RealPath!, followed.Node, hops)
                    : PathResolution.Failed(path, hops, followed.FailedAt!, followed.Failure!);
            default:
                if (wantsDirectory && node.Kind != FileNodeKind.Directory)
                {
                    return PathResolution.Failed(path, parent.Symlinks, candidate, "is not a directory");
                }

                return PathResolution.Success(path, candidate, node, parent.Symlinks);
        }
    }

    private static SymlinkHop[] Concat(IReadOnlyList<SymlinkHop> first, SymlinkHop middle, IReadOnlyList<SymlinkHop> last)
    {
        var all = new SymlinkHop[first.Count + 1 + last.Count];
        for (var i = 0; i < first.Count; i++)
        {
            all[i] = first[i];
        }

        all[first.Count] = middle;
        for (var i = 0; i < last.Count; i++)
        {
            all[first.Count + 1 + i] = last[i];
        }

        return all;
    }
}
