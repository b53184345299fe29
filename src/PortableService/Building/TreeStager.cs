using Squashfs.Tree;

namespace PortableService.Building;

/// <summary>Writes an image tree out as real files, for an external mksquashfs to pack.</summary>
internal static class TreeStager
{
    public static void Stage(ImageDirectory root, string target, CancellationToken cancellationToken)
    {
        var directories = new List<(string Path, UnixFileMode Mode)> { (target, root.Mode) };
        foreach (var entry in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = target + entry.FullPath;
            var inode = entry is ImageHardLink link ? link.Target : entry;
            switch (inode)
            {
                case ImageDirectory:
                    Directory.CreateDirectory(path);
                    directories.Add((path, inode.Mode));
                    continue;
                case ImageFile file:
                    using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                    using (var input = file.Content.Open())
                    {
                        input.CopyTo(output);
                    }

                    break;
                case ImageSymlink symlink:
                    File.CreateSymbolicLink(path, symlink.Target);
                    continue;
                default:
                    throw new NotSupportedException($"'{entry.FullPath}': device nodes, FIFOs and sockets cannot be staged for an external mksquashfs.");
            }

            File.SetUnixFileMode(path, inode.Mode);
        }

        // Directory modes last, deepest first: a read-only directory (as in a Nix store) must be filled first.
        for (var i = directories.Count - 1; i >= 0; i--)
        {
            File.SetUnixFileMode(directories[i].Path, directories[i].Mode);
        }
    }
}
