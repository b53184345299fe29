namespace PortableService.Closure;

/// <summary>How a closure item is copied into the image.</summary>
public enum ClosureItemKind
{
    /// <summary>A directory copied recursively as it is (a Nix store path, a content directory).</summary>
    Tree,

    /// <summary>A single regular file.</summary>
    File,

    /// <summary>A symbolic link, copied as a link (its target is a separate item when it is needed).</summary>
    Symlink,
}
