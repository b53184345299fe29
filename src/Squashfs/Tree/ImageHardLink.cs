namespace Squashfs.Tree;

/// <summary>A second name for an existing non-directory entry: both names share one inode in the image.</summary>
public sealed class ImageHardLink : ImageEntry
{
    public ImageHardLink(string name, ImageEntry target)
        : base(name, target.Mode)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target is ImageDirectory or ImageHardLink)
        {
            throw new ArgumentException(Strings.HardLinkTargetInvalid, nameof(target));
        }

        Target = target;
    }

    public ImageEntry Target { get; }
}
