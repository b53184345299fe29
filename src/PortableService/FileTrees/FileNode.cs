using System.Runtime.InteropServices;
using Squashfs.Interop;

namespace PortableService.FileTrees;

/// <summary>One <c>lstat</c> result: the kind, permission bits and size of a path, without following a final symlink.</summary>
internal readonly record struct FileNode(FileNodeKind Kind, uint Mode, long Size, string? Error)
{
    public static FileNode Missing { get; } = new(FileNodeKind.Missing, 0, 0, null);

    /// <summary>What a successful <c>lstat</c> says.</summary>
    public static FileNode Of(in FileStatus status)
    {
        var kind = status switch
        {
            { IsRegular: true } => FileNodeKind.File,
            { IsDirectory: true } => FileNodeKind.Directory,
            { IsSymlink: true } => FileNodeKind.Symlink,
            { IsCharacterDevice: true } or { IsBlockDevice: true } => FileNodeKind.Device,
            _ => FileNodeKind.Special,
        };
        return new FileNode(kind, (uint)status.Permissions, status.Size, null);
    }

    /// <summary>What a failed <c>lstat</c> says: missing for a name that is not there, else the error.</summary>
    public static FileNode OfError(int errno) =>
        errno is Errno.ENOENT or Errno.ENOTDIR or Errno.ENAMETOOLONG ? Missing : new FileNode(FileNodeKind.Error, 0, 0, Marshal.GetPInvokeErrorMessage(errno));

    public bool IsExecutable => (Mode & 0b001_001_001) != 0;

    /// <summary>Set-user-ID or set-group-ID: in an image whose files all belong to root, either runs as root.</summary>
    public bool IsSetId => (Mode & 0b110_000_000_000) != 0;
}
