using Squashfs.Tree;

namespace Squashfs.Writing;

/// <summary>
/// Numbers the inodes of a tree in the order they are written (children before their directory, the root last) and
/// counts the names of each inode, so hard links share a number and carry the right link count.
/// </summary>
internal sealed class InodeNumbering
{
    private readonly Dictionary<ImageEntry, uint> _numbers;

    // Names beyond the first, for the inodes hard links point at; every other inode has one name.
    private readonly Dictionary<ImageEntry, uint> _names = new(ReferenceEqualityComparer.Instance);

    public InodeNumbering(ImageDirectory root)
    {
        _numbers = new Dictionary<ImageEntry, uint>(CountEntries(root) + 1, ReferenceEqualityComparer.Instance);
        Assign(root);
    }

    public uint Count => (uint)_numbers.Count;

    /// <summary>The inode an entry stands for: a hard link stands for its target.</summary>
    public static ImageEntry InodeOf(ImageEntry entry) => entry is ImageHardLink link ? link.Target : entry;

    public uint NumberOf(ImageEntry entry) => _numbers[InodeOf(entry)];

    public uint NameCount(ImageEntry entry) => _names.GetValueOrDefault(InodeOf(entry)) + 1;

    private static int CountEntries(ImageDirectory directory)
    {
        var count = directory.Count;
        foreach (var child in directory.Children)
        {
            count += child is ImageDirectory sub ? CountEntries(sub) : 0;
        }

        return count;
    }

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
                if (child is ImageHardLink)
                {
                    if (inode.Parent is null || !IsInTree(inode, child))
                    {
                        throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Strings.HardLinkOutsideTree, child.FullPath));
                    }

                    _names[inode] = _names.GetValueOrDefault(inode) + 1;
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
