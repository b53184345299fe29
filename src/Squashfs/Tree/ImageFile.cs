namespace Squashfs.Tree;

/// <summary>A regular file; its data is read from <see cref="Content"/> when the image is written.</summary>
public sealed class ImageFile : ImageEntry
{
    public ImageFile(string name, FileContent content, UnixFileMode mode = (UnixFileMode)0b110_100_100)
        : base(name, mode)
    {
        ArgumentNullException.ThrowIfNull(content);
        Content = content;
    }

    public FileContent Content { get; }
}
