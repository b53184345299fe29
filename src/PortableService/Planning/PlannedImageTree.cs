using System.Text;
using PortableService.FileTrees;

namespace PortableService.Planning;

/// <summary>
/// The image as planned, seen as a file tree: the planned entries (scaffold, units, os-release, contents at their
/// targets, symlinks) over the build host. A path the plan provides, or that lies inside a planned content, is
/// answered from the plan and never from the host; any other path falls through to the host at the same path, which is
/// where the closure takes what programs need. So paths in units and symlinks resolve in the image first.
/// </summary>
internal sealed class PlannedImageTree(IFileTree host) : IFileTree
{
    private const uint DirectoryMode = 0b111_101_101;
    private const uint FileMode = 0b110_100_100;

    private readonly Dictionary<string, PlannedEntry> _entries = new(StringComparer.Ordinal);

    // Directories the plan makes because entries lie below them, with the names of those entries' branches.
    private readonly Dictionary<string, SortedSet<string>> _implicitChildren = new(StringComparer.Ordinal);
    private readonly HashSet<string> _providedElsewhere = new(StringComparer.Ordinal);

    // Once sealed, the host shows through only where the closure places something: the tree is then the image.
    private HashSet<string>? _closurePaths;
    private HashSet<string>? _closureTrees;
    private HashSet<string>? _closureDirectories;

    /// <summary>Where a path is answered from.</summary>
    private enum Origin
    {
        /// <summary>A planned entry at exactly this path.</summary>
        Entry,

        /// <summary>A directory the plan makes as the parent of entries.</summary>
        ImplicitDirectory,

        /// <summary>Inside a planned content: its host source.</summary>
        InsideContent,

        /// <summary>Left out of a planned content, or below a planned file: nothing.</summary>
        Nothing,

        /// <summary>Not planned: the host, at the same path.</summary>
        Host,
    }

    public bool SupportsParallelReads => host.SupportsParallelReads;

    public void Add(PlannedEntry entry)
    {
        _entries[entry.ImagePath] = entry;
        var path = entry.ImagePath;
        while (path != "/")
        {
            var parent = UnixPath.Parent(path);
            if (!_implicitChildren.TryGetValue(parent, out var names))
            {
                _implicitChildren[parent] = names = new SortedSet<string>(StringComparer.Ordinal);
            }

            names.Add(path[(parent.Length == 1 ? 1 : parent.Length + 1)..]);
            path = parent;
        }
    }

    /// <summary>Replaces the bytes of a planned file (os-release, written once the closure is known).</summary>
    public void SetBytes(string path, ReadOnlyMemory<byte> bytes) => _entries[path] = _entries[path] with { Bytes = bytes };

    /// <summary>
    /// Marks a host path as already in the image elsewhere (a store path placed at another target by a content): the
    /// closure takes what it references, not the path itself.
    /// </summary>
    public void MarkProvidedElsewhere(string hostPath) => _providedElsewhere.Add(hostPath);

    /// <summary>
    /// Limits what the host contributes to the closure's items (and what lies inside copied trees): from now on the tree
    /// is the image as it will be written, for the checks that run before writing.
    /// </summary>
    public void Seal(IEnumerable<Closure.ClosureItem> items)
    {
        _closurePaths = new HashSet<string>(StringComparer.Ordinal);
        _closureTrees = new HashSet<string>(StringComparer.Ordinal);
        _closureDirectories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            _closurePaths.Add(item.HostPath);
            if (item.Kind == Closure.ClosureItemKind.Tree)
            {
                _closureTrees.Add(item.HostPath);
            }

            for (var parent = UnixPath.Parent(item.HostPath); parent != "/" && _closureDirectories.Add(parent); parent = UnixPath.Parent(parent))
            {
            }
        }
    }

    public FileNode Lstat(string path)
    {
        var (origin, entry, hostPath) = Locate(path);
        return origin switch
        {
            Origin.Entry => entry!.Kind switch
            {
                PlannedEntryKind.Directory => new FileNode(FileNodeKind.Directory, DirectoryMode, 0, null),
                PlannedEntryKind.File => new FileNode(FileNodeKind.File, FileMode, entry.Bytes.Length, null),
                PlannedEntryKind.Symlink => new FileNode(FileNodeKind.Symlink, 0b111_111_111, Encoding.UTF8.GetByteCount(entry.LinkTarget!), null),
                _ => host.Lstat(hostPath!),
            },
            Origin.ImplicitDirectory => new FileNode(FileNodeKind.Directory, DirectoryMode, 0, null),
            Origin.Nothing => FileNode.Missing,
            _ => host.Lstat(hostPath!),
        };
    }

    public string? ReadLink(string path)
    {
        var (origin, entry, hostPath) = Locate(path);
        return origin switch
        {
            Origin.Entry when entry!.Kind == PlannedEntryKind.Symlink => entry.LinkTarget,
            Origin.Entry when entry!.Kind != PlannedEntryKind.Content => null,
            Origin.ImplicitDirectory or Origin.Nothing => null,
            _ => host.ReadLink(hostPath!),
        };
    }

    public string[] ListDirectory(string path)
    {
        var (origin, entry, hostPath) = Locate(path);
        switch (origin)
        {
            case Origin.Entry when entry!.Kind == PlannedEntryKind.Content:
            case Origin.InsideContent:
                var content = origin == Origin.Entry ? entry! : ContentAbove(path)!;
                var relative = path == content.ImagePath ? string.Empty : path[(content.ImagePath.Length + 1)..];
                return [.. host.ListDirectory(hostPath!).Where(n => !content.Exclusion.IsExcluded(relative.Length == 0 ? n : relative + "/" + n))];
            case Origin.Entry when entry!.Kind != PlannedEntryKind.Directory:
            case Origin.Nothing:
                throw new IOException($"{path} is not a directory in the image.");
            case Origin.Host:
                return InImage(path, host.ListDirectory(path));
            default:
                var planned = _implicitChildren.TryGetValue(path, out var names) ? names : [];
                var fromHost = host.Lstat(path).Kind == FileNodeKind.Directory ? host.ListDirectory(path) : [];
                return InImage(path, [.. planned.Union(fromHost, StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
        }
    }

    public IRandomAccessFile OpenFile(string path)
    {
        var (origin, entry, hostPath) = Locate(path);
        return origin switch
        {
            Origin.Entry when entry!.Kind == PlannedEntryKind.File => new MemoryRandomAccessFile(entry.Bytes),
            Origin.Entry when entry!.Kind != PlannedEntryKind.Content => throw new IOException($"{path} is not a regular file in the image."),
            Origin.ImplicitDirectory or Origin.Nothing => throw new IOException($"{path} is not a regular file in the image."),
            _ => host.OpenFile(hostPath!),
        };
    }

    /// <summary>
    /// True for planned entries and what lies inside planned contents. A directory the plan makes only as a parent is
    /// not: something that needs that directory itself (a symlink's object, a store path) would take the host's whole,
    /// which the planner then refuses as a clash with what the plan puts inside it.
    /// </summary>
    public bool IsInImage(string path) => _closurePaths is not null || Locate(path).Origin is Origin.Entry or Origin.InsideContent || _providedElsewhere.Contains(path) || host.IsInImage(path);

    /// <summary>Where <paramref name="path"/> is answered from, the planned entry concerned, and the host path to ask.</summary>
    private (Origin Origin, PlannedEntry? Entry, string? HostPath) Locate(string path)
    {
        if (_entries.TryGetValue(path, out var exact))
        {
            return (Origin.Entry, exact, exact.HostPath);
        }

        if (_implicitChildren.ContainsKey(path))
        {
            return (Origin.ImplicitDirectory, null, null);
        }

        for (var ancestor = UnixPath.Parent(path); ; ancestor = UnixPath.Parent(ancestor))
        {
            if (_entries.TryGetValue(ancestor, out var entry))
            {
                switch (entry.Kind)
                {
                    case PlannedEntryKind.Content:
                        var relative = path[(ancestor.Length == 1 ? 1 : ancestor.Length + 1)..];
                        return entry.Exclusion.IsExcluded(relative)
                            ? (Origin.Nothing, entry, null)
                            : (Origin.InsideContent, entry, entry.HostPath + "/" + relative);
                    case PlannedEntryKind.File or PlannedEntryKind.Symlink:
                        return (Origin.Nothing, entry, null);
                    default:
                        return FromHost(path);
                }
            }

            if (_implicitChildren.ContainsKey(ancestor) || ancestor == "/")
            {
                return FromHost(path);
            }
        }
    }

    /// <summary>The names in a directory that are in the image (all of them until sealed).</summary>
    private string[] InImage(string directory, string[] names) =>
        _closurePaths is null ? names : [.. names.Where(n => Locate(UnixPath.Join(directory, n)).Origin != Origin.Nothing)];

    /// <summary>A path the plan does not hold: the host's (or the base image's), unless sealed and nothing of the closure or the base is there.</summary>
    private (Origin Origin, PlannedEntry? Entry, string? HostPath) FromHost(string path)
    {
        // What a base image holds stays visible: the extension is laid over it.
        if (_closurePaths is null || _closurePaths.Contains(path) || _closureDirectories!.Contains(path) || host.IsInImage(path))
        {
            return (Origin.Host, null, path);
        }

        for (var ancestor = UnixPath.Parent(path); ancestor != "/"; ancestor = UnixPath.Parent(ancestor))
        {
            if (_closureTrees!.Contains(ancestor))
            {
                return (Origin.Host, null, path);
            }
        }

        return (Origin.Nothing, null, null);
    }

    private PlannedEntry? ContentAbove(string path)
    {
        for (var ancestor = UnixPath.Parent(path); ancestor != "/"; ancestor = UnixPath.Parent(ancestor))
        {
            if (_entries.TryGetValue(ancestor, out var entry) && entry.Kind == PlannedEntryKind.Content)
            {
                return entry;
            }
        }

        return null;
    }
}
