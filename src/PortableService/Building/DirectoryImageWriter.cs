using System.Runtime.InteropServices;
using PortableService.Diagnostics;
using Squashfs.Tree;

namespace PortableService.Building;

/// <summary>
/// Writes a laid-out image as a plain directory, <c>&lt;pname&gt;_&lt;version&gt;/</c>, the form <c>portablectl attach
/// --copy=symlink</c> takes during development. It is written into a temporary directory beside the target and renamed
/// into place, or atomically exchanged with the older one (<c>renameat2</c> <c>RENAME_EXCHANGE</c>), which is then
/// removed: a service never sees a half-written tree.
/// </summary>
internal static partial class DirectoryImageWriter
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;
    private const int ENotSup = 95;

    /// <summary>Writes <paramref name="root"/> at <paramref name="path"/>; returns the regular files and bytes written, and warnings.</summary>
    public static (long Files, long Bytes, IReadOnlyList<Diagnostic> Warnings) Publish(ImageDirectory root, string path, uint epoch, CancellationToken cancellationToken)
    {
        var temporary = Path.Join(Path.GetDirectoryName(path), $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var writer = new Writer(epoch, cancellationToken);
        try
        {
            Directory.CreateDirectory(temporary);
            writer.WriteDirectory(root, temporary);
            if (Directory.Exists(path))
            {
                if (RenameAt2(AtFdCwd, temporary, AtFdCwd, path, RenameExchange) != 0)
                {
                    throw new IOException($"{path} could not be exchanged with the new tree: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                }
            }
            else
            {
                Directory.Move(temporary, path);
            }
        }
        finally
        {
            // After an exchange this is the older tree; after a failure, the partial new one.
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }

        return (writer.Files, writer.Bytes, writer.Warnings);
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LSetXattr(string path, string name, byte[] value, nuint size, int flags);

    private sealed class Writer(uint epoch, CancellationToken cancellationToken)
    {
        private readonly DateTime _time = DateTime.UnixEpoch.AddSeconds(epoch);

        public long Files { get; private set; }

        public long Bytes { get; private set; }

        public List<Diagnostic> Warnings { get; } = [];

        public void WriteDirectory(ImageDirectory directory, string path)
        {
            foreach (var entry in directory.Children)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = Path.Join(path, entry.Name);
                switch (entry)
                {
                    case ImageDirectory child:
                        Directory.CreateDirectory(target);
                        WriteDirectory(child, target);
                        continue;
                    case ImageFile file:
                        WriteFile(file.Content, target);
                        break;
                    case ImageHardLink { Target: ImageFile original }:
                        WriteFile(original.Content, target);
                        break;
                    case ImageSymlink symlink:
                        File.CreateSymbolicLink(target, symlink.Target);
                        break;
                    default:
                        throw new IOException($"{entry.FullPath} is a {entry.GetType().Name[5..].ToLowerInvariant()}, which a directory image does not hold.");
                }

                Finish(entry, target);
            }

            Finish(directory, path);
        }

        private void WriteFile(FileContent content, string target)
        {
            using (var source = content.Open())
            using (var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
            {
                source.CopyTo(stream);
            }

            Files++;
            Bytes += content.Length;
        }

        /// <summary>Mode, xattrs and timestamp as the squashfs image would have them (symlinks keep theirs).</summary>
        private void Finish(ImageEntry entry, string path)
        {
            if (entry is ImageSymlink)
            {
                return;
            }

            File.SetUnixFileMode(path, entry.Mode);
            foreach (var xattr in entry.Xattrs)
            {
                if (LSetXattr(path, xattr.Name, xattr.Value, (nuint)xattr.Value.Length, 0) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != ENotSup)
                    {
                        throw new IOException($"{path}: the xattr {xattr.Name} could not be set: {Marshal.GetPInvokeErrorMessage(errno)}");
                    }

                    Warnings.Add(new Diagnostic(BuildDiagnosticCodes.DirectoryXattrUnsupported, DiagnosticSeverity.Warning,
                        $"{path}: the file system does not keep the xattr {xattr.Name}, so systemd 252 will attach this extension only with --force (254 and later find the release file by name). Write the directory to a file system with user xattrs (ext4, xfs, btrfs, tmpfs on Linux 6.6+).", path));
                }
            }

            if (entry is ImageDirectory)
            {
                Directory.SetLastWriteTimeUtc(path, _time);
            }
            else
            {
                File.SetLastWriteTimeUtc(path, _time);
            }
        }
    }
}
