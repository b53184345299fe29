using System.Runtime.InteropServices;
using System.Text;
using Squashfs.Interop;

namespace PortableService.FileTrees;

/// <summary>
/// <c>statx</c> (through <see cref="UnixNative"/>) and <c>readlink</c> from libc: one system call per path, without
/// following a final symlink, which <see cref="FileSystemInfo"/> cannot promise.
/// </summary>
internal sealed partial class HostFileTree
{
    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint ReadLinkNative(string path, byte* buffer, nint size);

    private static FileNode LstatUncached(string path)
    {
        // Such a path could only be looked up as another name (its escapes encoded as U+FFFD).
        if (HostFileNames.HasEscapes(path))
        {
            return new FileNode(FileNodeKind.Error, 0, 0, "its name is not UTF-8");
        }

        if (!UnixNative.TryStat(path, followSymlinks: false, out var status, out var errno))
        {
            return errno is Errno.ENOENT or Errno.ENOTDIR or Errno.ENAMETOOLONG
                ? FileNode.Missing
                : new FileNode(FileNodeKind.Error, 0, 0, Marshal.GetPInvokeErrorMessage(errno));
        }

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

    private static unsafe string? ReadLinkUncached(string path)
    {
        for (var size = 256; size <= 1 << 20; size *= 4)
        {
            var buffer = new byte[size];
            nint length;
            fixed (byte* p = buffer)
            {
                length = ReadLinkNative(path, p, size);
            }

            if (length < 0)
            {
                return null;
            }

            if (length < size)
            {
                return Encoding.UTF8.GetString(buffer, 0, (int)length);
            }
        }

        return null;
    }
}
