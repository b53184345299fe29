using System.Runtime.InteropServices;
using System.Text;

namespace PortableService.Closure;

/// <summary>
/// <c>statx</c> and <c>readlink</c> from libc: one system call per path, without following a final symlink, which
/// <see cref="FileSystemInfo"/> cannot promise. <c>struct statx</c> has the same layout on every Linux architecture.
/// </summary>
internal sealed partial class HostFileSystem
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxSize = 0x200;
    private const int StatxBufferSize = 256;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;

    private const uint SIfMt = 0xF000;
    private const uint SIfReg = 0x8000;
    private const uint SIfDir = 0x4000;
    private const uint SIfLnk = 0xA000;

    private const int ENoEnt = 2;
    private const int ENotDir = 20;
    private const int ENameTooLong = 36;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint ReadLinkNative(string path, byte* buffer, nint size);

    private static unsafe FileNode LstatUncached(string path)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxSize, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENoEnt or ENotDir or ENameTooLong
                ? FileNode.Missing
                : new FileNode(FileNodeKind.Error, 0, 0, Marshal.GetPInvokeErrorMessage(errno));
        }

        uint mode = *(ushort*)(buffer + StatxModeOffset);
        var size = *(long*)(buffer + StatxSizeOffset);
        var kind = (mode & SIfMt) switch
        {
            SIfReg => FileNodeKind.File,
            SIfDir => FileNodeKind.Directory,
            SIfLnk => FileNodeKind.Symlink,
            _ => FileNodeKind.Special,
        };
        return new FileNode(kind, mode & 0xFFF, size, null);
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
