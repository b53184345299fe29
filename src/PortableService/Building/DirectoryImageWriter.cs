using System.Runtime.InteropServices;
using PortableService.Diagnostics;
using Squashfs.Tree;

namespace PortableService.Building;

/// <summary>
/// Writes a laid-out image as a plain directory, <c>&lt;pname&gt;_&lt;version&gt;/</c>, the form <c>portablectl attach
/// --copy=symlink</c> takes during development. It is written (<see cref="TreeStager"/>) into a temporary directory
/// beside the target and renamed into place, or atomically exchanged with the older one (<c>renameat2</c>
/// <c>RENAME_EXCHANGE</c>), which is then removed: a service never sees a half-written tree.
/// </summary>
internal static partial class DirectoryImageWriter
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    /// <summary>Writes <paramref name="root"/> at <paramref name="path"/>; returns the warnings (xattrs the file system does not keep).</summary>
    public static IReadOnlyList<Diagnostic> Publish(ImageDirectory root, string path, uint modificationTime, CancellationToken cancellationToken)
    {
        var temporary = Path.Join(Path.GetDirectoryName(path), $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        IReadOnlyList<string> withoutXattrs;
        try
        {
            Directory.CreateDirectory(temporary);
            withoutXattrs = TreeStager.Stage(root, temporary, modificationTime, cancellationToken);
            if (!Directory.Exists(path))
            {
                Directory.Move(temporary, path);
            }
            else if (RenameAt2(AtFdCwd, temporary, AtFdCwd, path, RenameExchange) != 0)
            {
                throw new IOException($"{path} could not be exchanged with the new tree: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
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

        return [.. withoutXattrs.Select(p => new Diagnostic(BuildDiagnosticCodes.DirectoryXattrUnsupported, DiagnosticSeverity.Warning,
            $"{path + p[temporary.Length..]}: the file system does not keep user xattrs, so systemd 252 attaches this extension only with --force (254 and later find the release file by name). Write the directory to a file system that keeps them (ext4, xfs, btrfs; tmpfs since Linux 6.6).", path))];
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}
