using System.Runtime.InteropServices;

namespace PortableService.FileTrees;

/// <summary>The libc calls that walk a directory by descriptor: <c>openat</c>, <c>readlinkat</c>, <c>close</c>.</summary>
internal sealed partial class DirectoryFileTree
{
    private const int AtFdCwd = -100;
    private const int ENotDir = 20;
    private const int OReadOnly = 0;
    private const int ONonBlock = 0x800;
    private const int OCloseOnExec = 0x80000;
    private const int OPath = 0x200000;

    /// <summary>O_NOFOLLOW: 0100000 on arm, arm64 and powerpc, 0400000 where Linux takes the generic value (x86, s390x, riscv, loongarch).</summary>
    private static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le ? 0x8000 : 0x20000;

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAt(int directoryFd, string path, int flags);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLinkAt(int directoryFd, string path, ref byte buffer, nint size);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
