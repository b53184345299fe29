namespace Squashfs.Reading;

public enum SquashfsEntryKind
{
    Directory,
    File,
    Symlink,
    BlockDevice,
    CharacterDevice,
    Fifo,
    Socket,
}
