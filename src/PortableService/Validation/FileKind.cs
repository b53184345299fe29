namespace PortableService.Validation;

/// <summary>The type of a file system object, as stat(2) tells it.</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    Symlink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,

    /// <summary>A chain of symlinks that leads back into itself (ELOOP): it ends nowhere.</summary>
    Loop,
}
