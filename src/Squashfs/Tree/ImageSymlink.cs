namespace Squashfs.Tree;

public sealed class ImageSymlink(string name, string target) : ImageEntry(name, (UnixFileMode)0b111_111_111)
{
    public string Target { get; } = target;
}
