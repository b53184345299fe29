using System.Runtime.InteropServices;

namespace Squashfs.Tests.Support;

/// <summary>Creates a socket inode with mknod: .NET deletes a bound socket's file when the socket closes.</summary>
public static partial class SocketNode
{
    private const uint SocketType = 0xC000;

    public static void Create(string path, UnixFileMode mode)
    {
        if (MkNod(path, SocketType | (uint)mode, 0) != 0)
        {
            throw new IOException($"mknod {path}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkNod(string path, uint mode, ulong device);
}
