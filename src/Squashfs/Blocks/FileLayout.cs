using Squashfs.Format;

namespace Squashfs.Blocks;

/// <summary>Where a regular file's data ended up: its blocks, and its tail in a fragment block.</summary>
internal sealed class FileLayout
{
    public ulong BlocksStart { get; set; }
    public uint[] BlockSizes { get; set; } = [];
    public uint FragmentIndex { get; set; } = Inode.NoFragment;
    public uint FragmentOffset { get; set; }
    public ulong SparseBytes { get; set; }
}
