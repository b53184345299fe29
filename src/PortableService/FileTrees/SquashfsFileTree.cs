using System.Text;
using Squashfs;
using Squashfs.Reading;
using Squashfs.Tree;

namespace PortableService.FileTrees;

/// <summary>
/// A squashfs image as a file tree: what <c>inspect</c> runs the loader over. Every path in it is in the image.
/// Directory listings are read once; a file is read whole when opened (images are untrusted: files larger than
/// <see cref="MaxOpenSize"/> are refused rather than read into memory). Disposing it disposes the reader unless
/// <paramref name="leaveOpen"/>.
/// </summary>
internal sealed class SquashfsFileTree(SquashfsReader reader, bool leaveOpen = false) : IImageTree
{
    /// <summary>Programs and libraries larger than this are not examined.</summary>
    public const long MaxOpenSize = 256L << 20;

    private readonly Dictionary<string, Dictionary<string, SquashfsEntry>?> _directories = new(StringComparer.Ordinal);

    public bool SupportsParallelReads => false;

    public FileNode Lstat(string path)
    {
        if (Find(path) is not { } entry)
        {
            return FileNode.Missing;
        }

        return entry.Kind switch
        {
            SquashfsEntryKind.File => new FileNode(FileNodeKind.File, (uint)entry.Mode, entry.Size, null),
            SquashfsEntryKind.Directory => new FileNode(FileNodeKind.Directory, (uint)entry.Mode, 0, null),
            SquashfsEntryKind.Symlink => new FileNode(FileNodeKind.Symlink, (uint)entry.Mode, Encoding.UTF8.GetByteCount(entry.SymlinkTarget!), null),
            SquashfsEntryKind.CharacterDevice or SquashfsEntryKind.BlockDevice => new FileNode(FileNodeKind.Device, (uint)entry.Mode, 0, null),
            _ => new FileNode(FileNodeKind.Special, (uint)entry.Mode, 0, null),
        };
    }

    public string? ReadLink(string path) => Find(path)?.SymlinkTarget;

    public string[] ListDirectory(string path) =>
        Children(path) is { } children
            ? [.. children.Keys.Order(StringComparer.Ordinal)]
            : throw new DirectoryNotFoundException($"{path} is not a directory in the image.");

    public IRandomAccessFile OpenFile(string path)
    {
        if (Find(path) is not { Kind: SquashfsEntryKind.File } entry)
        {
            throw new FileNotFoundException($"{path} is not a regular file in the image.", path);
        }

        if (entry.Size > MaxOpenSize)
        {
            throw new IOException($"{path} is larger than {MaxOpenSize >> 20} MiB and is not examined.");
        }

        return new MemoryRandomAccessFile(reader.ReadAllBytes(entry));
    }

    public bool IsInImage(string path) => true;

    public IReadOnlyList<ImageXattr> ReadXattrs(string path) => Find(path)?.Xattrs ?? [];

    public void Dispose()
    {
        if (!leaveOpen)
        {
            reader.Dispose();
        }
    }

    private SquashfsEntry? Find(string path)
    {
        if (path == "/")
        {
            return reader.Root;
        }

        var slash = path.LastIndexOf('/');
        var parent = slash == 0 ? "/" : path[..slash];
        return Children(parent) is { } children && children.TryGetValue(path[(slash + 1)..], out var entry) ? entry : null;
    }

    private Dictionary<string, SquashfsEntry>? Children(string directory)
    {
        if (_directories.TryGetValue(directory, out var children))
        {
            return children;
        }

        children = Find(directory) is { Kind: SquashfsEntryKind.Directory } entry
            ? reader.GetChildren(entry).ToDictionary(c => c.Name, StringComparer.Ordinal)
            : null;
        _directories[directory] = children;
        return children;
    }
}
