namespace PortableService;

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
}
