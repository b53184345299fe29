using PortableService.Spec;
using Squashfs.Tree;

namespace PortableService.Layout;

/// <summary>
/// Places entries at absolute image paths, creating parent directories. A parent that is a symlink in the image is
/// followed to its target (as <c>/lib -> usr/lib</c> on merged-/usr hosts), so host files land where the loader will
/// look for them.
/// </summary>
internal sealed class ImageTree(ImageDirectory root)
{
    private const int MaxSymlinkHops = 40;
    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101;

    public ImageDirectory Root { get; } = root;

    /// <summary>The directory that will hold <paramref name="path"/>, and the name it gets there.</summary>
    public (ImageDirectory Parent, string Name) ParentOf(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new ArgumentException($"'{path}' is the image root.", nameof(path));
        }

        var directory = Directory(parts[..^1], 0);
        return (directory, parts[^1]);
    }

    private ImageDirectory Directory(string[] parts, int hops)
    {
        var current = Root;
        foreach (var part in parts)
        {
            current = current[part] switch
            {
                null => current.Add(new ImageDirectory(part, DirectoryMode)),
                ImageDirectory dir => dir,
                ImageSymlink link => FollowToDirectory(current, link, hops),
                var other => throw new InvalidOperationException($"'{other.FullPath}' is a file, but something must be placed below it."),
            };
        }

        return current;
    }

    private ImageDirectory FollowToDirectory(ImageDirectory containing, ImageSymlink link, int hops)
    {
        if (hops >= MaxSymlinkHops)
        {
            throw new InvalidOperationException($"Too many levels of symlinks at '{link.FullPath}'.");
        }

        var basePath = link.Target.StartsWith('/') ? string.Empty : containing.FullPath;
        var target = ImagePath.Normalize(basePath + "/" + link.Target, out var normalized) == ImagePathProblem.None ? normalized! : "/";
        return target == "/" ? Root : Directory(target.Split('/', StringSplitOptions.RemoveEmptyEntries), hops + 1);
    }
}
