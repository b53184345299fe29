using Squashfs.Tree;

namespace Squashfs.Writing;

/// <summary>
/// Numbers the inodes of a tree in the order they are written (children before their directory, the root last) and
/// counts the names of each inode, so hard links share a number and carry the right link count.
/// </summary>
internal sealed class InodeNumbering
{
    private readonly Dictionary<ImageEntry, uint> _numbers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ImageEntry, uint> _names = new(ReferenceEqualityComparer.Instance);

    public InodeNumbering(ImageDirectory root)
    {
        Assign(root);
    }

    public uint Count => (uint)_numbers.Count;

    /// <summary>The inode an entry stands for: a hard link stands for its target.</summary>
    public static ImageEntry InodeOf(ImageEntry entry) => entry is ImageHardLink link ? link.Target : entry;

    public uint NumberOf(ImageEntry entry) => _numbers[InodeOf(entry)];

    public uint NameCount(ImageEntry entry) => _names.GetValueOrDefault(InodeOf(entry), 1u);

    private void Assign(ImageDirectory directory)
    {
        foreach (var child in directory.Children)
        {
            if (child is ImageDirectory sub)
            {
                Assign(sub);
            }
            else
            {
                var inode = InodeOf(child);
                _names[inode] = _names.GetValueOrDefault(inode) + 1;
                if (inode.Parent is null || !IsInTree(inode, child))
                {
                    throw new InvalidOperationException(string.Format(Strings.HardLinkOutsideTree, child.FullPath));
                }

                _numbers.TryAdd(inode, (uint)_numbers.Count + 1);
            }
        }

        _numbers.Add(directory, (uint)_numbers.Count + 1);
    }

    private static bool IsInTree(ImageEntry inode, ImageEntry link)
    {
        static ImageEntry Root(ImageEntry e) => e.Parent is null ? e : Root(e.Parent);
        return ReferenceEquals(Root(inode), Root(link));
    }
}
