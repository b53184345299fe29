namespace PortableService.FileTrees;

/// <summary>What <c>lstat</c> says a path is.</summary>
internal enum FileNodeKind
{
    Missing,
    File,
    Directory,
    Symlink,

    /// <summary>A FIFO or socket.</summary>
    Special,

    /// <summary>A character or block device node.</summary>
    Device,

    /// <summary>The path could not be examined (permission denied, I/O error); <see cref="FileNode.Error"/> says why.</summary>
    Error,
}
