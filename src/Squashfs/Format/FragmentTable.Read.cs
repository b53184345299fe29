using Squashfs.Compression;
using Squashfs.Reading;

namespace Squashfs.Format;

internal sealed partial class FragmentTable
{
    private FragmentTable(LookupTable entries) => _entries = entries;

    /// <summary>Opens the table of an untrusted image; entries are read when asked for.</summary>
    public static FragmentTable Read(ImageSource source, ISquashfsCompressor compressor, ulong indexStart, uint count) =>
        new(LookupTable.Read(source, compressor, indexStart, count, EntrySize, "fragment table"));

    /// <summary>The entry of fragment block <paramref name="index"/>; its fields are checked where the block is read.</summary>
    public FragmentEntry Entry(uint index, string what)
    {
        var cursor = _entries.Entry(index, what);
        return new FragmentEntry(cursor.U64(), cursor.U32());
    }
}
