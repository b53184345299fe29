namespace Squashfs.Tree;

public enum DeviceKind
{
    Character,
    Block,
}

/// <summary>A character or block device node.</summary>
public sealed class ImageDevice(string name, DeviceKind kind, uint major, uint minor, UnixFileMode mode)
    : ImageEntry(name, mode)
{
    public DeviceKind Kind { get; } = kind;
    public uint Major { get; } = major;
    public uint Minor { get; } = minor;
}
