using System.Text;
using PortableService.Closure;
using Squashfs.Tree;

namespace PortableService.Layout;

/// <summary>
/// Lays out the file tree of a portable service image: the scaffold portabled expects, os-release, the units as
/// regular files, the symlinks, the contents (at their targets) and everything in their closure (at their own paths).
/// Pure: it reads host metadata but writes nothing.
/// </summary>
public static class PortableImageLayout
{
    private const UnixFileMode FileMode = (UnixFileMode)0b110_100_100;

    public static ImageDirectory Create(PortableServiceSpec spec, string osRelease, IReadOnlyList<ClosureItem> closure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var root = ImageDirectory.CreateRoot();
        var tree = new ImageTree(root);
        foreach (var directory in ImageScaffold.Directories)
        {
            root.GetOrCreateDirectory(directory);
        }

        AddFile(tree, "/etc/resolv.conf", FileContent.FromBytes([], "/etc/resolv.conf"));
        AddFile(tree, "/etc/machine-id", FileContent.FromBytes([], "/etc/machine-id"));
        AddFile(tree, ImageScaffold.OsReleasePath, FileContent.FromBytes(Encoding.UTF8.GetBytes(osRelease), "os-release"));
        foreach (var unit in spec.Units)
        {
            var content = unit switch
            {
                InlineUnitSource inline => FileContent.FromBytes(Encoding.UTF8.GetBytes(inline.Text), unit.Name),

                // A unit given as a symlink (as Nix store paths often are) goes in as the regular file it points to.
                FileUnitSource file => FileContent.FromFile(Path.GetFullPath(file.Path)),
                _ => throw new InvalidOperationException($"Unknown unit source {unit.GetType().Name}."),
            };
            AddFile(tree, ImageScaffold.UnitPath(unit.Name), content);
        }

        var loader = new HostTreeLoader();
        var mapped = spec.Contents.Where(c => c.Target is not null).ToList();
        foreach (var item in closure)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (mapped.Any(c => IsSameOrUnder(item.HostPath, Path.GetFullPath(c.Source))))
            {
                continue;
            }

            AddHostEntry(tree, loader, item.HostPath, item.HostPath, cancellationToken);
        }

        foreach (var content in mapped)
        {
            AddHostEntry(tree, loader, content.ImageTarget!, Path.GetFullPath(content.Source), cancellationToken);
        }

        foreach (var symlink in spec.Symlinks)
        {
            ImagePath.Normalize(symlink.Symlink, out var path);
            var (parent, name) = tree.ParentOf(path!);
            parent.Add(new ImageSymlink(name, symlink.Object));
        }

        return root;
    }

    private static void AddFile(ImageTree tree, string path, FileContent content)
    {
        var (parent, name) = tree.ParentOf(path);
        parent.Add(new ImageFile(name, content, FileMode));
    }

    /// <summary>Adds a host file, symlink or whole directory at an image path, unless the same path is already there.</summary>
    private static void AddHostEntry(ImageTree tree, HostTreeLoader loader, string imagePath, string hostPath, CancellationToken cancellationToken)
    {
        var (parent, name) = tree.ParentOf(imagePath);
        if (parent[name] is ImageDirectory existing && Directory.Exists(hostPath) && !File.Exists(hostPath))
        {
            // A directory already created as a parent of an earlier item: fill it rather than replace it.
            foreach (var child in Directory.EnumerateFileSystemEntries(hostPath).Order(StringComparer.Ordinal))
            {
                if (existing[Path.GetFileName(child)] is null)
                {
                    loader.Add(existing, Path.GetFileName(child), child, cancellationToken);
                }
            }

            return;
        }

        if (parent[name] is null)
        {
            loader.Add(parent, name, hostPath, cancellationToken);
        }
    }

    private static bool IsSameOrUnder(string path, string ancestor) => path == ancestor || ImagePath.IsUnder(path, ancestor);
}
