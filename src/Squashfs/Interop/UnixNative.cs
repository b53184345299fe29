using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Squashfs.Interop;

/// <summary>
/// The few libc calls that .NET does not offer: statx (file types, owners, inode numbers), xattrs, hard links, device
/// nodes, FIFOs, owners and symlink times, and a lean whole-file read for writing small files.
/// </summary>
public static partial class UnixNative
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7FF;
    private const uint FifoType = 0x1000;
    private const uint CharType = 0x2000;
    private const uint BlockType = 0x6000;
    private const uint SocketType = 0xC000;
    private const int OpenReadOnlyCloseOnExec = 0x80000;

    public static void CreateHardLink(string existing, string link) => Check(Link(existing, link), link);

    public static void CreateFifo(string path, UnixFileMode mode) => Check(MkNod(path, FifoType | (uint)mode, 0), path);

    /// <summary>A socket inode, as bind(2) leaves one behind: Linux's mknod makes one without a listening socket.</summary>
    public static void CreateSocketNode(string path, UnixFileMode mode) => Check(MkNod(path, SocketType | (uint)mode, 0), path);

    public static void CreateDevice(string path, bool block, uint major, uint minor, UnixFileMode mode)
    {
        var device = ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);
        Check(MkNod(path, (block ? BlockType : CharType) | (uint)mode, device), path);
    }

    public static void SetOwner(string path, uint uid, uint gid) => Check(LChown(path, uid, gid), path);

    public static void SetModificationTime(string path, uint seconds)
    {
        Span<long> times = [seconds, 0, seconds, 0];
        Check(UtimensAt(AtFdCwd, path, ref MemoryMarshal.GetReference(times), AtSymlinkNoFollow), path);
    }

    public static bool IsRoot => GetEUid() == 0;

    /// <summary>
    /// stat or lstat through statx, whose buffer layout is the same on every architecture. Returns false with the errno
    /// when the call fails (ENOENT, ENOTDIR, ELOOP...).
    /// </summary>
    public static bool TryStat(string path, bool followSymlinks, out FileStatus status, out int errno) =>
        TryStatAt(AtFdCwd, path, followSymlinks ? 0 : AtSymlinkNoFollow, out status, out errno);

    /// <summary>
    /// lstat of <paramref name="name"/> in the directory open as <paramref name="directoryFd"/> (statx with
    /// AT_SYMLINK_NOFOLLOW); an empty name is the open file itself (AT_EMPTY_PATH).
    /// </summary>
    public static bool TryStatAt(int directoryFd, string name, out FileStatus status, out int errno) =>
        TryStatAt(directoryFd, name, AtSymlinkNoFollow | (name.Length == 0 ? AtEmptyPath : 0), out status, out errno);

    private static bool TryStatAt(int directoryFd, string path, int flags, out FileStatus status, out int errno)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(directoryFd, path, flags, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            status = default;
            return false;
        }

        errno = 0;
        status = new FileStatus(
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]),
            LinkCount: BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]),
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]),
            Size: BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]),
            ModificationTime: BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]),
            DeviceMajor: BinaryPrimitives.ReadUInt32LittleEndian(buffer[128..]),
            DeviceMinor: BinaryPrimitives.ReadUInt32LittleEndian(buffer[132..]),
            FileSystemDevice: ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]));
        return true;
    }

    /// <summary>lstat: the entry itself, not what a symlink points to; throws an IOException naming the path.</summary>
    public static FileStatus Stat(string path) => TryStat(path, followSymlinks: false, out var status, out var errno)
        ? status
        : throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);

    /// <summary>
    /// The extended attributes of a path itself (not following a symlink), names with their namespace prefix.
    /// A filesystem without xattr support yields none.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Value)> ReadXattrs(string path) =>
        ReadXattrs(
            path,
            size => LListXattr(path, ref MemoryMarshal.GetReference(size), (nuint)size.Length),
            name => size => LGetXattr(path, name, ref MemoryMarshal.GetReference(size), (nuint)size.Length));

    /// <summary>The extended attributes of an open file, names with their namespace prefix; none on a filesystem without them.</summary>
    /// <param name="fd">A file opened for reading (not O_PATH, which the xattr calls refuse).</param>
    /// <param name="path">The file's name, for errors.</param>
    public static IReadOnlyList<(string Name, byte[] Value)> ReadXattrs(int fd, string path) =>
        ReadXattrs(
            path,
            size => FListXattr(fd, ref MemoryMarshal.GetReference(size), (nuint)size.Length),
            name => size => FGetXattr(fd, name, ref MemoryMarshal.GetReference(size), (nuint)size.Length));

    private static List<(string Name, byte[] Value)> ReadXattrs(string path, XattrFunction list, Func<string, XattrFunction> get)
    {
        var names = XattrCall(list, path);
        if (names.Length == 0)
        {
            return [];
        }

        var result = new List<(string, byte[])>();
        foreach (var name in System.Text.Encoding.UTF8.GetString(names).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            result.Add((name, XattrCall(get(name), path)));
        }

        return result;
    }

    /// <summary>Calls a size-probing xattr function: once for the size, then with a buffer of that size.</summary>
    private static byte[] XattrCall(XattrFunction call, string path)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var size = call([]);
            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno is Errno.EOPNOTSUPP or Errno.ENODATA ? [] : throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }

            var buffer = new byte[size];
            var read = size == 0 ? 0 : call(buffer);
            if (read >= 0)
            {
                return buffer[..(int)read];
            }
        }

        throw new IOException($"{path}: its extended attributes kept changing while being read.");
    }

    private delegate nint XattrFunction(Span<byte> buffer);

    /// <summary>
    /// Reads a file from its start into <paramref name="destination"/> until that is full or the file ends, and returns
    /// the bytes read. Only open, read and close: FileStream adds fstat, flock and fadvise, and for small files the
    /// system calls are most of the cost.
    /// </summary>
    public static int ReadFile(string path, Span<byte> destination)
    {
        var fd = Open(path, OpenReadOnlyCloseOnExec);
        if (fd < 0)
        {
            throw LastError();
        }

        try
        {
            var total = 0;
            while (total < destination.Length)
            {
                var wanted = destination.Length - total;
                var read = Read(fd, ref MemoryMarshal.GetReference(destination[total..]), (nuint)wanted);
                if (read < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Errno.EINTR)
                    {
                        continue;
                    }

                    throw LastError();
                }

                total += (int)read;

                // A short read is the end of the file (no read is spent on seeing 0) when at most the one byte is left
                // that callers ask beyond the length they expect; shorter, it may be what the kernel read before an
                // I/O error, which the next read reports.
                if (read == 0 || (read < wanted && total >= destination.Length - 1))
                {
                    break;
                }
            }

            return total;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// The names in a directory as the bytes the file system holds (readdir), <c>.</c> and <c>..</c> left out: .NET's
    /// enumeration decodes names as UTF-8 and replaces what is not, so a name that is not UTF-8 cannot be found again.
    /// </summary>
    public static unsafe List<byte[]> ListNameBytes(string directory)
    {
        const int NameOffset = 19; // d_name in struct dirent on 64-bit Linux (glibc and musl)
        var stream = OpenDir(directory);
        if (stream == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{directory}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        try
        {
            var names = new List<byte[]>();
            while (true)
            {
                var entry = ReadDir(stream);
                if (entry == 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    return errno == 0 ? names : throw new IOException($"{directory}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
                }

                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + NameOffset);
                if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                {
                    names.Add(name.ToArray());
                }
            }
        }
        finally
        {
            _ = CloseDir(stream);
        }
    }

    /// <summary>The last call's error; the caller names the file.</summary>
    private static IOException LastError()
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
    }

    private static void Check(int result, string path)
    {
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string link);

    [LibraryImport("libc", EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkNod(string path, uint mode, ulong device);

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LChown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "utimensat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UtimensAt(int directoryFd, string path, ref long times, int flags);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "llistxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint LListXattr(string path, ref byte list, nuint size);

    [LibraryImport("libc", EntryPoint = "lgetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint LGetXattr(string path, string name, ref byte value, nuint size);

    [LibraryImport("libc", EntryPoint = "flistxattr", SetLastError = true)]
    private static partial nint FListXattr(int fd, ref byte list, nuint size);

    [LibraryImport("libc", EntryPoint = "fgetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint FGetXattr(int fd, string name, ref byte value, nuint size);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, ref byte buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "opendir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint OpenDir(string path);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial nint ReadDir(nint stream);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(nint stream);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEUid();
}
