namespace PortableService.FileTrees;

/// <summary>
/// A read-only file tree addressed by absolute paths: the build host, the image being planned (its entries over the
/// host), or a squashfs image. The loader, <c>#!</c> parsing and path resolution run over this, so the closure and
/// <c>inspect</c> apply the same rules to whichever tree they look at.
/// </summary>
internal interface IFileTree
{
    /// <summary>True when independent reads may run on several threads at once.</summary>
    bool SupportsParallelReads { get; }

    /// <summary>The <c>lstat</c> of an absolute path whose parent is a real directory (no symlink in it).</summary>
    FileNode Lstat(string path);

    /// <summary>The target of the symlink at <paramref name="path"/>, or null when it cannot be read.</summary>
    string? ReadLink(string path);

    /// <summary>The names in a directory, sorted ordinally.</summary>
    /// <exception cref="IOException">The directory cannot be listed.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory cannot be listed.</exception>
    string[] ListDirectory(string path);

    /// <summary>Opens the regular file at <paramref name="path"/> for reads at any offset.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    IRandomAccessFile OpenFile(string path);

    /// <summary>
    /// True when the path is already part of the image (planned, or read from an image): the closure analyses it but
    /// does not copy it from the host.
    /// </summary>
    bool IsInImage(string path);
}
