namespace Squashfs.Format;

/// <summary>
/// The xattr table: key/value pairs in metadata blocks, then a <see cref="LookupTable"/> of sets (the reference of a
/// set's first pair, u64; its pair count, u32; its size, u32) behind a header (the pairs' start, u64; the set count,
/// u32; an unused u32) that the superblock points at. A key is its namespace (u16, <see cref="XattrPrefix"/>, with
/// <see cref="XattrPrefixes.OutOfLineValue"/> for a value stored elsewhere), its name's length (u16) and the name; a
/// value is its length (u32) and the bytes, or the length 8 and the reference of the value.
/// Written by <see cref="Writer"/>, read by <see cref="Reader"/>.
/// </summary>
internal static partial class XattrTable
{
    public const int HeaderSize = 16;
    public const int SetEntrySize = 16;
    public const int KeyHeaderSize = 4;
    public const int ValueHeaderSize = 4;
}
