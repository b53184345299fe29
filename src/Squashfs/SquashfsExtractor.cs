using Squashfs.Interop;
using Squashfs.Reading;

namespace Squashfs;

/// <summary>
/// Extracts an image into a directory, like unsquashfs -d. Nothing is ever written outside that directory: names are
/// checked by the reader, every path is built from checked names below the target, no existing entry is
/// followed or replaced, and symlinks are created as links, never written through.
/// </summary>
public static class SquashfsExtractor
{
    /// <summary>Extracts everything into <paramref name="target"/>, which must not exist or be an empty directory.</summary>
    public static void Extract(SquashfsReader reader, string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var root = Path.GetFullPath(target);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new IOException(string.Format(CultureInfo.InvariantCulture, Strings.ExtractTargetNotEmpty, root));
        }

        Directory.CreateDirectory(root);
        var firstPathOfInode = new Dictionary<uint, string>();
        var directories = new List<(string Path, SquashfsEntry Entry)> { (root, reader.Root) };
        var asRoot = UnixNative.IsRoot;
        foreach (var entry in reader.Walk())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = HostPath(root, entry.Path);
            if (entry.Kind != SquashfsEntryKind.Directory && firstPathOfInode.TryGetValue(entry.InodeNumber, out var first))
            {
                UnixNative.CreateHardLink(first, path);
                continue;
            }

            firstPathOfInode[entry.InodeNumber] = path;
            switch (entry.Kind)
            {
                case SquashfsEntryKind.Directory:
                    Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    directories.Add((path, entry));
                    continue;
                case SquashfsEntryKind.File:
                    using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                    using (var input = reader.OpenFile(entry))
                    {
                        input.CopyTo(output);
                    }

                    break;
                case SquashfsEntryKind.Symlink:
                    File.CreateSymbolicLink(path, entry.SymlinkTarget!);
                    break;
                case SquashfsEntryKind.Fifo:
                    UnixNative.CreateFifo(path, entry.Mode);
                    break;
                case SquashfsEntryKind.BlockDevice or SquashfsEntryKind.CharacterDevice:
                    var (major, minor) = entry.Device;
                    UnixNative.CreateDevice(path, entry.Kind == SquashfsEntryKind.BlockDevice, major, minor, entry.Mode);
                    break;
                default:
                    // Like unsquashfs, sockets are not recreated: a socket file is meaningless without its server.
                    continue;
            }

            FinishEntry(path, entry, asRoot);
        }

        // Directories last and deepest first, so their modes and times are not disturbed by filling them.
        for (var i = directories.Count - 1; i >= 0; i--)
        {
            var (path, entry) = directories[i];
            FinishEntry(path, entry, asRoot);
        }
    }

    private static void FinishEntry(string path, SquashfsEntry entry, bool asRoot)
    {
        if (asRoot)
        {
            UnixNative.SetOwner(path, entry.Uid, entry.Gid);
        }

        // After chown, which clears setuid and setgid; and explicitly, since creation modes pass through the umask.
        if (entry.Kind != SquashfsEntryKind.Symlink)
        {
            File.SetUnixFileMode(path, entry.Mode);
        }

        UnixNative.SetModificationTime(path, entry.ModificationTime);
    }

    private static string HostPath(string root, string imagePath)
    {
        // The reader has already rejected '.', '..', '/' and NUL in names; this is the last line of defence.
        var path = Path.GetFullPath(Path.Join(root, imagePath));
        return path.StartsWith(root + "/", StringComparison.Ordinal)
            ? path
            : throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.ExtractEscapes, imagePath));
    }
}
