namespace Squashfs.Format;

/// <summary>
/// The distinct uids and gids of an image, one u32 each in a <see cref="LookupTable"/>; inodes refer to them by 16-bit
/// index. Built with <see cref="IndexOf"/> when writing, filled by <see cref="Read"/> when reading.
/// </summary>
internal sealed partial class IdTable
{
    public const int EntrySize = 4;
    public const int MaxIds = 65536;

    private readonly List<uint> _ids = [];
    private readonly Dictionary<uint, ushort> _indexes = [];

    public IReadOnlyList<uint> Ids => _ids;
}
