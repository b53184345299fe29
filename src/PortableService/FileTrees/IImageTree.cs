using Squashfs.Tree;

namespace PortableService.FileTrees;

/// <summary>
/// A built image read as a file tree: a squashfs image or an image directory. Every path in it is in the image, and
/// its files carry the extended attributes portabled reads (<c>user.extension-release.strict</c>). <c>inspect</c> and
/// base images read images through this, so a squashfs image and the same tree as a directory get the same checks.
/// </summary>
internal interface IImageTree : IFileTree, IDisposable
{
    /// <summary>The extended attributes of the entry at <paramref name="path"/> itself (a final symlink is not followed).</summary>
    /// <exception cref="IOException">They cannot be read.</exception>
    IReadOnlyList<ImageXattr> ReadXattrs(string path);
}
