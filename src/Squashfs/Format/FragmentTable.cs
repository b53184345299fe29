namespace Squashfs.Format;

/// <summary>
/// The fragment table: for each fragment block its start (u64), its size field (u32, bit 24 when stored
/// uncompressed) and an unused u32, in a <see cref="LookupTable"/>. An instance is the table opened in an image.
/// </summary>
internal sealed partial class FragmentTable
{
    public const int EntrySize = 16;

    private readonly LookupTable _entries;

    /// <summary>Where the table's first metadata block lies: the end of the table before it.</summary>
    public ulong FirstBlock => _entries.FirstBlock;
}
