using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Squashfs.Interop;
using Squashfs.Tree;

namespace PortableService.FileTrees;

/// <summary>
/// An image directory (what <c>build --format directory</c> writes and <c>portablectl attach --copy=symlink</c> takes)
/// as a file tree, confined to it. Every path is walked from the directory's own descriptor one name at a time, never
/// following a symlink (<c>O_NOFOLLOW</c>, and each step checked to be a directory): the kernel follows no symlink of
/// the image, the <see cref="PathResolver"/> does, inside the image, so an absolute target starts at the image's root;
/// and no name may be <c>..</c>. Nothing outside the directory is ever read, whatever its symlinks say.
/// </summary>
internal sealed partial class DirectoryFileTree : IImageTree
{
    private readonly int _root;
    private int _disposed;

    private DirectoryFileTree(string directory, int root)
    {
        Directory = directory;
        _root = root;
    }

    /// <summary>The directory on the host, for messages.</summary>
    public string Directory { get; }

    public bool SupportsParallelReads => true;

    /// <summary>Opens the directory at <paramref name="directory"/> (a symlink to one is followed: the user named it).</summary>
    /// <exception cref="IOException">It is not a directory, or cannot be opened.</exception>
    public static DirectoryFileTree Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = OpenAt(AtFdCwd, directory, OPath | OCloseOnExec);
        if (root < 0)
        {
            throw new IOException($"{directory} cannot be opened: {LastError()}");
        }

        if (!UnixNative.TryStatAt(root, string.Empty, out var status, out _) || !status.IsDirectory)
        {
            _ = Close(root);
            throw new IOException($"{directory} is not a directory.");
        }

        return new DirectoryFileTree(directory, root);
    }

    public FileNode Lstat(string path)
    {
        var parent = OpenParent(path, out var name, out var errno);
        if (parent < 0)
        {
            return FileNode.OfError(errno);
        }

        try
        {
            return UnixNative.TryStatAt(parent, name, out var status, out errno) ? FileNode.Of(status) : FileNode.OfError(errno);
        }
        finally
        {
            CloseStep(parent);
        }
    }

    public string? ReadLink(string path)
    {
        var parent = OpenParent(path, out var name, out _);
        if (parent < 0 || name.Length == 0)
        {
            CloseStep(parent);
            return null;
        }

        try
        {
            return HostFileTree.ReadLinkWith(buffer => ReadLinkAt(parent, name, ref MemoryMarshal.GetReference(buffer), buffer.Length));
        }
        finally
        {
            CloseStep(parent);
        }
    }

    public string[] ListDirectory(string path)
    {
        var directory = OpenForReading(path, FileNodeKind.Directory);
        try
        {
            // The descriptor's own directory, whatever has been renamed since: /proc's link reopens that very inode.
            return HostFileTree.List($"/proc/self/fd/{directory}");
        }
        finally
        {
            _ = Close(directory);
        }
    }

    public IRandomAccessFile OpenFile(string path) => new HostRandomAccessFile(new SafeFileHandle(OpenForReading(path, FileNodeKind.File), ownsHandle: true));

    public bool IsInImage(string path) => true;

    public IReadOnlyList<ImageXattr> ReadXattrs(string path)
    {
        // Symlinks, devices and FIFOs are not opened (a FIFO would block, a device act): portabled reads none of theirs.
        var kind = Lstat(path).Kind;
        if (kind is not (FileNodeKind.File or FileNodeKind.Directory))
        {
            return [];
        }

        var fd = OpenForReading(path, kind);
        try
        {
            return [.. UnixNative.ReadXattrs(fd, path).Select(x => new ImageXattr(x.Name, x.Value))];
        }
        finally
        {
            _ = Close(fd);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = Close(_root);
        }
    }

    /// <summary>Opens the file or directory at <paramref name="path"/> for reading, when it is of <paramref name="kind"/>.</summary>
    /// <exception cref="IOException">It is not, or cannot be opened.</exception>
    private int OpenForReading(string path, FileNodeKind kind)
    {
        // Non-blocking: should the entry have become a FIFO since, opening it must not wait for a writer.
        var fd = OpenStep(path, OReadOnly | ONonBlock, out var errno);
        if (fd < 0)
        {
            throw new IOException($"{path} cannot be opened in the image {Directory}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        if (!UnixNative.TryStatAt(fd, string.Empty, out var status, out _) || FileNode.Of(status).Kind != kind)
        {
            _ = Close(fd);
            throw new IOException($"{path} is not a {(kind == FileNodeKind.File ? "regular file" : "directory")} in the image {Directory}.");
        }

        return fd;
    }

    /// <summary>
    /// The entry at <paramref name="path"/> opened with <paramref name="flags"/> and <c>O_NOFOLLOW</c> (the root itself
    /// for <c>/</c>, reopened when flags ask more than a path); -1 with the errno when it cannot be.
    /// </summary>
    private int OpenStep(string path, int flags, out int errno)
    {
        var parent = OpenParent(path, out var name, out errno);
        if (parent < 0)
        {
            return -1;
        }

        try
        {
            var fd = OpenAt(parent, name.Length == 0 ? "." : name, flags | ONoFollow | OCloseOnExec);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            return fd;
        }
        finally
        {
            CloseStep(parent);
        }
    }

    /// <summary>
    /// The directory that holds <paramref name="path"/>'s last name, opened by walking from the root one name at a time
    /// without following symlinks; the root itself, with an empty name, for <c>/</c>. -1 with ENOTDIR when a name on
    /// the way is not a real directory (a symlink among them is never followed), or with the errno of a failed step.
    /// </summary>
    private int OpenParent(string path, out string name, out int errno)
    {
        var names = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        name = names.Length == 0 ? string.Empty : names[^1];
        if (!path.StartsWith('/') || names.Any(n => n is "." or ".." || n.Contains('\0')))
        {
            // The tree is addressed by normalised absolute paths: anything else could step outside.
            errno = ENotDir;
            return -1;
        }

        var current = _root;
        errno = 0;
        for (var i = 0; i < names.Length - 1; i++)
        {
            var next = OpenAt(current, names[i], OPath | ONoFollow | OCloseOnExec);
            var failure = next < 0 ? Marshal.GetLastPInvokeError() : 0;
            CloseStep(current);
            if (next < 0)
            {
                errno = failure;
                return -1;
            }

            // O_PATH with O_NOFOLLOW opens a symlink itself: it is no directory to walk into.
            if (!UnixNative.TryStatAt(next, string.Empty, out var status, out errno) || !status.IsDirectory)
            {
                _ = Close(next);
                errno = errno == 0 ? ENotDir : errno;
                return -1;
            }

            current = next;
        }

        return current;
    }

    /// <summary>Closes a descriptor of a walk, but never the root's.</summary>
    private void CloseStep(int fd)
    {
        if (fd >= 0 && fd != _root)
        {
            _ = Close(fd);
        }
    }

    private static string LastError() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
}
