namespace Squashfs.Tree;

public enum SpecialFileKind
{
    Fifo,
    Socket,
}

/// <summary>A named pipe or a Unix socket: an inode without data.</summary>
public sealed class ImageSpecialFile(string name, SpecialFileKind kind, UnixFileMode mode) : ImageEntry(name, mode)
{
    public SpecialFileKind Kind { get; } = kind;
}
