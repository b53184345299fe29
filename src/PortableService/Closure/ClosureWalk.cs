using System.Text;
using PortableService.Closure.Elf;
using PortableService.Closure.Nix;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Systemd;

namespace PortableService.Closure;

/// <summary>
/// One <see cref="ClosureResolver.Resolve"/> call: places the roots, then works through a queue (breadth first, so
/// each item's reason is the nearest need) of files to analyse and directories to walk, then asks Nix for the
/// closure of the store paths met, and finally sorts and prunes the items.
/// </summary>
internal sealed partial class ClosureWalk
{
    private readonly ClosureResolver _resolver;
    private readonly ClosureOptions _options;
    private readonly PathResolver _fs;
    private readonly IFileTree _tree;
    private readonly string _store;
    private readonly Dictionary<string, ClosureItem> _items = new(StringComparer.Ordinal);
    private readonly List<(string StorePath, string Reason)> _storeRoots = [];
    private readonly HashSet<string> _storeRootSet = new(StringComparer.Ordinal);
    private readonly HashSet<string> _analyzed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _treeSizes = new(StringComparer.Ordinal);
    private readonly Queue<Work> _queue = new();
    private readonly List<(string Link, WalkWork Walk)> _linksLeaving = [];
    private readonly List<Diagnostic> _diagnostics = [];

    public ClosureWalk(ClosureResolver resolver)
    {
        _resolver = resolver;
        _options = resolver.Options;
        _fs = resolver.FileSystem;
        _tree = _fs.Tree;
        _store = resolver.StoreDirectory;
    }

    /// <summary>Where a resolved path landed.</summary>
    private enum Placement
    {
        HostFile,
        HostDirectory,
        Store,
        Special,

        /// <summary>Reached through a symlink into /proc or /sys: the service has its own at run time, nothing is copied.</summary>
        Kernel,
    }

    public ClosureResult Run(IReadOnlyList<ClosureRoot> roots, CancellationToken cancellationToken)
    {
        foreach (var root in roots)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AddRoot(root);
        }

        while (_queue.TryDequeue(out var work))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (work)
            {
                case AnalyzeWork analyze:
                    Analyze(analyze);
                    break;
                case WalkWork walk:
                    Walk(walk, cancellationToken);
                    break;
            }
        }

        if (_storeRoots.Count > 0)
        {
            _resolver.Nix.Resolve(_storeRoots, AddStoreItem, _diagnostics, cancellationToken);
        }

        CheckLinksLeavingContents();

        if (_resolver.Loader.CacheProblem is { } cacheProblem)
        {
            _diagnostics.Add(ClosureMessages.LdSoCacheUnreadable(cacheProblem));
        }

        var diagnostics = _diagnostics.Distinct().ToArray();
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new DiagnosticException(diagnostics);
        }

        return new ClosureResult(Finish(cancellationToken), diagnostics);
    }

    private void AddRoot(ClosureRoot root)
    {
        var path = root.HostPath.StartsWith('/') ? root.HostPath : Path.Combine(Environment.CurrentDirectory, root.HostPath);
        var resolution = _fs.Resolve(path);
        if (!resolution.Succeeded)
        {
            _diagnostics.Add(ClosureMessages.RootNotFound(root, resolution, !root.Required && _options.IsMissingAllowed(path)));
            return;
        }

        if (root.Allowed is not null || !_tree.IsInImage(resolution.RealPath!))
        {
            CheckSafe(resolution.RealPath!, resolution.Node, root.Reason, root.Allowed ?? UnsafeFiles.None);
        }

        if (root.Required && (resolution.Node.Kind != FileNodeKind.File || !resolution.Node.IsExecutable))
        {
            _diagnostics.Add(ClosureMessages.ProgramNotExecutable(root, resolution));
            return;
        }

        switch (Place(resolution, root.Reason))
        {
            case Placement.HostFile:
                _queue.Enqueue(new AnalyzeWork(resolution.RealPath!, path, root.Reason, null, ScriptsAlways: true));
                break;
            case Placement.HostDirectory:
                _queue.Enqueue(new WalkWork(resolution.RealPath!, root.Reason, root.Allowed ?? UnsafeFiles.None, root.FollowsLinksOut));
                break;
            case Placement.Special when !(resolution.Node.Kind == FileNodeKind.Device && (_options.RefuseUnsafeFiles || root.Allowed?.HasFlag(UnsafeFiles.Devices) == true)):
                _diagnostics.Add(ClosureMessages.UnsupportedFileType(resolution.RealPath!, root.Reason));
                break;
        }
    }

    /// <summary>
    /// Adds what a resolved path needs in the image: each symlink on the way, then the real path (a store path goes to
    /// the Nix closure instead).
    /// </summary>
    private Placement Place(PathResolution resolution, string reason)
    {
        var requested = resolution.RequestedPath;
        foreach (var hop in resolution.Symlinks)
        {
            // A symlink in /proc or /sys (/proc/self/exe, /proc/self/root) shows the build host's own process: what lies
            // behind it is nothing of the service's, and nothing past it is copied. The service has its own at run time.
            if (ImageScaffold.KernelFileSystemOf(hop.Path) is not null)
            {
                return Placement.Kernel;
            }

            // The path asked for may itself be the symlink; otherwise this one lies on the way to it.
            var hopReason = hop.Path == requested.TrimEnd('/') ? reason : $"symlink on the way to {requested} ({reason})";
            if (_tree.IsInImage(hop.Path))
            {
                continue;
            }

            if (StoreContaining(hop.Path) is { } hopStorePath)
            {
                AddStoreRoot(hopStorePath, hopReason);
            }
            else
            {
                AddItem(hop.Path, ClosureItemKind.Symlink, Encoding.UTF8.GetByteCount(hop.Target), hopReason);
            }
        }

        // A symlink into /proc or /sys (/etc/mtab -> ../proc/self/mounts) stays a link: the service has its own.
        var real = resolution.RealPath!;
        if (ImageScaffold.KernelFileSystemOf(real) is not null)
        {
            return Placement.Kernel;
        }

        var realReason = real == requested ? reason : $"{reason}, reached as {requested}";
        if (StoreContaining(real) is { } storePath)
        {
            AddStoreRoot(storePath, storePath == real ? realReason : $"{realReason} (for {real})");
            return Placement.Store;
        }

        // A path the image already holds (planned, or read from an image) is analysed where it is, never copied.
        var inImage = _tree.IsInImage(real);
        switch (resolution.Node.Kind)
        {
            case FileNodeKind.File:
                if (!inImage)
                {
                    AddItem(real, ClosureItemKind.File, resolution.Node.Size, realReason);
                }

                return Placement.HostFile;
            case FileNodeKind.Directory:
                if (!inImage)
                {
                    AddItem(real, ClosureItemKind.Tree, 0, realReason);
                }

                return Placement.HostDirectory;
            default:
                return Placement.Special;
        }
    }

    private void AddItem(string path, ClosureItemKind kind, long size, string reason) =>
        _items.TryAdd(path, new ClosureItem(path, kind, size, reason));

    /// <summary>The store path holding <paramref name="path"/>, when store paths take their closure from Nix.</summary>
    private string? StoreContaining(string path) => _resolver.Building ? StorePath.Containing(path, _store) : null;

    private void AddStoreRoot(string storePath, string reason)
    {
        if (_storeRootSet.Add(storePath))
        {
            _storeRoots.Add((storePath, reason));
        }
    }

    private void AddStoreItem(string storePath, string reason)
    {
        if (_tree.IsInImage(storePath))
        {
            return;
        }

        var node = _fs.Lstat(storePath);
        var kind = node.Kind switch
        {
            FileNodeKind.Directory => ClosureItemKind.Tree,
            FileNodeKind.Symlink => ClosureItemKind.Symlink,
            _ => ClosureItemKind.File,
        };
        AddItem(storePath, kind, kind == ClosureItemKind.Tree ? 0 : node.Size, reason);
    }

    /// <summary>Sorts the items, drops those inside a tree, and measures the trees.</summary>
    private List<ClosureItem> Finish(CancellationToken cancellationToken)
    {
        var trees = _items.Values.Where(i => i.Kind == ClosureItemKind.Tree).Select(i => i.HostPath).ToHashSet(StringComparer.Ordinal);
        var result = new List<ClosureItem>(_items.Count);
        foreach (var item in _items.Values)
        {
            if (HasTreeAncestor(item.HostPath, trees))
            {
                continue;
            }

            if (item.Kind == ClosureItemKind.Tree)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var size = _treeSizes.TryGetValue(item.HostPath, out var walked) ? walked : _resolver.Nix.ScannedSize(item.HostPath) ?? TreeSize(item.HostPath);
                result.Add(item with { Size = size });
            }
            else
            {
                result.Add(item);
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.HostPath, b.HostPath));
        return result;
    }

    private static bool HasTreeAncestor(string path, HashSet<string> trees)
    {
        var current = path;
        while (current != "/")
        {
            current = UnixPath.Parent(current);
            if (trees.Contains(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The bytes in a tree: regular files' lengths plus symlinks' target lengths.</summary>
    private long TreeSize(string path)
    {
        var node = _fs.Lstat(path);
        if (node.Kind != FileNodeKind.Directory)
        {
            return node.Kind is FileNodeKind.File or FileNodeKind.Symlink ? node.Size : 0;
        }

        string[] names;
        try
        {
            names = _tree.ListDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        long size = 0;
        foreach (var name in names)
        {
            size += TreeSize(UnixPath.Join(path, name));
        }

        return size;
    }

    private abstract record Work;

    /// <summary>Look into a regular file: ELF dependencies, or the interpreter of a script.</summary>
    /// <param name="RealPath">The file, no symlink in its path.</param>
    /// <param name="RequestedPath">The path it was asked for by (for a library: the search directory joined with the name).</param>
    /// <param name="Loader">The object whose dependency this is; null for a program (or a file in a directory).</param>
    /// <param name="ScriptsAlways">Follow a #! line even when the file is not executable (a root named directly).</param>
    private sealed record AnalyzeWork(string RealPath, string RequestedPath, string Reason, LoadedObject? Loader, bool ScriptsAlways) : Work;

    /// <param name="Allowed">The unsafe files the directory may hold (a content's opt-in).</param>
    /// <param name="FollowsLinksOut">See <see cref="ClosureRoot.FollowsLinksOut"/>.</param>
    private sealed record WalkWork(string Directory, string Reason, UnsafeFiles Allowed, bool FollowsLinksOut) : Work;
}
