using Squashfs.Format;
using Squashfs.Tree;

namespace Squashfs.Reading;

/// <summary>An entry read from an image: its name, path and inode.</summary>
public sealed class SquashfsEntry
{
    internal SquashfsEntry(string path, string name, Inode inode, ulong reference, uint uid, uint gid, IReadOnlyList<ImageXattr> xattrs)
    {
        Path = path;
        Name = name;
        Inode = inode;
        InodeReference = reference;
        Uid = uid;
        Gid = gid;
        Xattrs = xattrs;
    }

    /// <summary>Absolute path inside the image, "/" for the root.</summary>
    public string Path { get; }

    public string Name { get; }

    public SquashfsEntryKind Kind => Inode.Type.Basic() switch
    {
        InodeType.Directory => SquashfsEntryKind.Directory,
        InodeType.File => SquashfsEntryKind.File,
        InodeType.Symlink => SquashfsEntryKind.Symlink,
        InodeType.BlockDevice => SquashfsEntryKind.BlockDevice,
        InodeType.CharacterDevice => SquashfsEntryKind.CharacterDevice,
        InodeType.Fifo => SquashfsEntryKind.Fifo,
        _ => SquashfsEntryKind.Socket,
    };

    public UnixFileMode Mode => (UnixFileMode)Inode.Permissions;

    public uint Uid { get; }

    public uint Gid { get; }

    public uint ModificationTime => Inode.ModificationTime;

    public uint InodeNumber => Inode.Number;

    public uint LinkCount => Inode.LinkCount;

    /// <summary>Size of a regular file's data; 0 for other kinds.</summary>
    public long Size => Kind == SquashfsEntryKind.File ? (long)Inode.FileSize : 0;

    public string? SymlinkTarget => Kind == SquashfsEntryKind.Symlink ? System.Text.Encoding.UTF8.GetString(Inode.SymlinkTarget) : null;

    public (uint Major, uint Minor) Device => Inode.DecodeDevice(Inode.Device);

    public IReadOnlyList<ImageXattr> Xattrs { get; }

    internal Inode Inode { get; }

    internal ulong InodeReference { get; }

    public override string ToString() => Path;
}
