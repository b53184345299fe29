using System.Runtime.InteropServices;

namespace PortableService;

/// <summary>
/// What a host path is: its own type (not following a final symlink), and for a symlink what it ends at. Uses
/// statx(2) on Linux, which tells sockets, devices and FIFOs apart (.NET's file APIs do not); elsewhere it falls back to
/// .NET and sees only files, directories and symlinks.
/// </summary>
internal readonly partial record struct FileProbe(FileKind Kind, FileKind TargetKind, long TargetSize, string? LinkTarget)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int StatxModeOffset = 0x1C;
    private const int StatxSizeOffset = 0x28;
    private const int Eloop = 40;

    private static bool s_statxUnavailable;

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

        if (OperatingSystem.IsLinux() && !s_statxUnavailable)
        {
            try
            {
                (FileKind kind, _) = Stat(path, follow: false);
                if (kind != FileKind.Symlink)
                {
                    long size = kind == FileKind.Regular ? Stat(path, follow: true).Size : 0;
                    return new FileProbe(kind, kind, size, null);
                }

                (FileKind targetKind, long targetSize) = Stat(path, follow: true);
                return new FileProbe(kind, targetKind, targetSize, LinkTargetOf(path));
            }
            catch (EntryPointNotFoundException)
            {
                s_statxUnavailable = true;
            }
            catch (DllNotFoundException)
            {
                s_statxUnavailable = true;
            }
        }

        return Managed(path);
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

    private static FileProbe Managed(string path)
    {
        var info = new FileInfo(path);
        bool isLink = info.LinkTarget is not null;
        FileKind Own(FileSystemInfo i) => (i.Attributes & FileAttributes.Directory) != 0 ? FileKind.Directory : FileKind.Regular;
        if (!info.Exists && !Directory.Exists(path) && !isLink)
        {
            return new FileProbe(FileKind.Missing, FileKind.Missing, 0, null);
        }

        if (!isLink)
        {
            FileKind kind = Directory.Exists(path) ? FileKind.Directory : FileKind.Regular;
            return new FileProbe(kind, kind, kind == FileKind.Regular ? info.Length : 0, null);
        }

        FileSystemInfo? final;
        try
        {
            final = info.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            final = null;
        }

        FileKind target = final is null || !final.Exists ? FileKind.Missing : Own(final);
        return new FileProbe(FileKind.Symlink, target, final is FileInfo file && file.Exists ? file.Length : 0, info.LinkTarget);
    }

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

    private static unsafe (FileKind Kind, long Size) Stat(string path, bool follow)
    {
        byte* buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, follow ? 0 : AtSymlinkNoFollow, StatxType | StatxSize, buffer) != 0)
        {
            // ELOOP: a cycle of symlinks. ENOENT, ENOTDIR, EACCES on a parent: nothing usable there.
            return (Marshal.GetLastPInvokeError() == Eloop ? FileKind.Loop : FileKind.Missing, 0);
        }

        ushort mode = *(ushort*)(buffer + StatxModeOffset);
        long size = *(long*)(buffer + StatxSizeOffset);
        FileKind kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Symlink,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => FileKind.Missing,
        };
        return (kind, size);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
