using System.Runtime.InteropServices;
using Squashfs.Interop;
using Squashfs.Tree;

namespace PortableService.Building;

/// <summary>
/// Writes an image tree out as real files: for an external mksquashfs to pack, and as a directory image. Modes, xattrs
/// (the extension-release file's <c>user.extension-release.strict</c>) and, when given, timestamps are the image's.
/// Device nodes, FIFOs and sockets are made with mknod (devices only by root), or handed back to be described to
/// mksquashfs as pseudo files, which needs no privilege.
/// </summary>
internal static partial class TreeStager
{
    /// <summary>Writes <paramref name="root"/> into the existing directory <paramref name="target"/>.</summary>
    /// <param name="modificationTime">Every inode's timestamp; null leaves the time of writing.</param>
    /// <param name="specialFiles">When given, device nodes, FIFOs and sockets are not made but added here, with their image paths.</param>
    /// <returns>The paths whose xattrs the file system does not keep.</returns>
    public static IReadOnlyList<string> Stage(ImageDirectory root, string target, uint? modificationTime, CancellationToken cancellationToken, ICollection<(string Path, ImageEntry Inode)>? specialFiles = null)
    {
        var directories = new List<(string Path, ImageEntry Inode)> { (target, root) };
        var withoutXattrs = new List<string>();
        foreach (var entry in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = target + entry.FullPath;
            var inode = entry is ImageHardLink link ? link.Target : entry;
            switch (inode)
            {
                case ImageDirectory:
                    Directory.CreateDirectory(path);
                    directories.Add((path, inode));
                    continue;
                case ImageFile file:
                    using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                    {
                        file.Content.CopyChecked(output);
                    }

                    break;
                case ImageSymlink symlink:
                    File.CreateSymbolicLink(path, symlink.Target);
                    continue;
                case ImageDevice or ImageSpecialFile when specialFiles is not null:
                    specialFiles.Add((entry.FullPath, inode));
                    continue;
                case ImageDevice device:
                    CreateDevice(path, device);
                    break;
                case ImageSpecialFile { Kind: SpecialFileKind.Fifo } fifo:
                    UnixNative.CreateFifo(path, fifo.Mode);
                    break;
                case ImageSpecialFile socket:
                    UnixNative.CreateSocketNode(path, socket.Mode);
                    break;
            }

            Finish(path, inode, modificationTime, withoutXattrs);
        }

        // Directories last, deepest first: a read-only directory (as in a Nix store) must be filled first, and writing
        // into a directory changes its timestamp.
        for (var i = directories.Count - 1; i >= 0; i--)
        {
            Finish(directories[i].Path, directories[i].Inode, modificationTime, withoutXattrs);
        }

        return withoutXattrs;
    }

    private static void CreateDevice(string path, ImageDevice device)
    {
        try
        {
            UnixNative.CreateDevice(path, device.Kind == DeviceKind.Block, device.Major, device.Minor, device.Mode);
        }
        catch (IOException e) when (e.HResult == Errno.EPERM)
        {
            throw new IOException($"{path}: device nodes can be made only by root (CAP_MKNOD); build as root, or write a squashfs image, which holds them without privilege", e);
        }
    }

    private static void Finish(string path, ImageEntry inode, uint? modificationTime, List<string> withoutXattrs)
    {
        foreach (var xattr in inode.Xattrs)
        {
            if (LSetXattr(path, xattr.Name, xattr.Value, (nuint)xattr.Value.Length, 0) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EOPNOTSUPP)
                {
                    throw new IOException($"{path}: the xattr {xattr.Name} could not be set: {Marshal.GetPInvokeErrorMessage(errno)}");
                }

                withoutXattrs.Add(path);
            }
        }

        if (modificationTime is { } seconds && inode is ImageDirectory)
        {
            Directory.SetLastWriteTimeUtc(path, DateTime.UnixEpoch.AddSeconds(seconds));
        }
        else if (modificationTime is { } fileSeconds)
        {
            File.SetLastWriteTimeUtc(path, DateTime.UnixEpoch.AddSeconds(fileSeconds));
        }

        File.SetUnixFileMode(path, inode.Mode);
    }

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LSetXattr(string path, string name, byte[] value, nuint size, int flags);
}
