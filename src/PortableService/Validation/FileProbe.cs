using Squashfs.Interop;

namespace PortableService.Validation;

/// <summary>
/// What a host path is: its own type (not following a final symlink), and for a symlink what it ends at. Uses
/// statx(2), which tells sockets, devices and FIFOs apart (.NET's file APIs do not).
/// </summary>
internal readonly record struct FileProbe(FileKind Kind, FileKind TargetKind, long TargetSize, string? LinkTarget)
{
    public bool Exists => Kind != FileKind.Missing;

    /// <summary>A symlink whose chain does not end at an existing object (or loops).</summary>
    public bool IsDangling => Kind == FileKind.Symlink && TargetKind is FileKind.Missing or FileKind.Loop;

    /// <summary>A symlink whose chain leads back into itself.</summary>
    public bool IsLoop => Kind == FileKind.Symlink && TargetKind == FileKind.Loop;

    /// <summary>A human word for <see cref="TargetKind"/>, for messages.</summary>
    public string TargetDescription => Describe(TargetKind);

    public static FileProbe Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path.Contains('\0'))
        {
            return new FileProbe(FileKind.Missing, FileKind.Missing, 0, null);
        }

        (FileKind kind, long ownSize) = Stat(path, follow: false);
        if (kind != FileKind.Symlink)
        {
            return new FileProbe(kind, kind, kind == FileKind.Regular ? ownSize : 0, null);
        }

        (FileKind targetKind, long targetSize) = Stat(path, follow: true);
        return new FileProbe(kind, targetKind, targetSize, LinkTargetOf(path));
    }

    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "regular file",
        FileKind.Directory => "directory",
        FileKind.Symlink => "symlink",
        FileKind.CharacterDevice => "character device",
        FileKind.BlockDevice => "block device",
        FileKind.Fifo => "FIFO",
        FileKind.Socket => "socket",
        FileKind.Loop => "cycle of symlinks",
        _ => "missing file",
    };

    private static string? LinkTargetOf(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static (FileKind Kind, long Size) Stat(string path, bool follow)
    {
        if (!UnixNative.TryStat(path, follow, out var status, out var errno))
        {
            // ELOOP: a cycle of symlinks. ENOENT, ENOTDIR, EACCES on a parent: nothing usable there.
            return (errno == Errno.ELOOP ? FileKind.Loop : FileKind.Missing, 0);
        }

        FileKind kind = status switch
        {
            { IsRegular: true } => FileKind.Regular,
            { IsDirectory: true } => FileKind.Directory,
            { IsSymlink: true } => FileKind.Symlink,
            { IsCharacterDevice: true } => FileKind.CharacterDevice,
            { IsBlockDevice: true } => FileKind.BlockDevice,
            { IsFifo: true } => FileKind.Fifo,
            { IsSocket: true } => FileKind.Socket,
            _ => FileKind.Missing,
        };
        return (kind, status.Size);
    }
}
