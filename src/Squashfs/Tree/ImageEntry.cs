namespace Squashfs.Tree;

/// <summary>A node of the file tree that goes into an image. Names are single path components.</summary>
public abstract class ImageEntry
{
    // Created on first use: most entries have none, and trees can hold hundreds of thousands.
    private List<ImageXattr>? _xattrs;

    protected ImageEntry(string name, UnixFileMode mode)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Mode = mode;
    }

    /// <summary>The entry's name within its directory; empty only for the root.</summary>
    public string Name { get; }

    /// <summary>Permission bits, including setuid, setgid and sticky.</summary>
    public UnixFileMode Mode { get; set; }

    public uint Uid { get; set; }

    public uint Gid { get; set; }

    /// <summary>Modification time, seconds since the Unix epoch.</summary>
    public uint ModificationTime { get; set; }

    public IList<ImageXattr> Xattrs => _xattrs ??= [];

    /// <summary>The extended attributes, without creating a list for an entry that has none.</summary>
    internal IReadOnlyList<ImageXattr> XattrsOrEmpty => (IReadOnlyList<ImageXattr>?)_xattrs ?? [];

    public ImageDirectory? Parent { get; internal set; }

    /// <summary>The absolute path of this entry inside the image.</summary>
    public string FullPath => Parent is null ? "/" : Parent.Parent is null ? "/" + Name : Parent.FullPath + "/" + Name;
}
