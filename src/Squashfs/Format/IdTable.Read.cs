using Squashfs.Compression;
using Squashfs.Reading;

namespace Squashfs.Format;

internal sealed partial class IdTable
{
    /// <summary>
    /// Reads the <paramref name="count"/> ids of an untrusted image and returns them with the table's first metadata
    /// block, where the table before it must end.
    /// </summary>
    public static (IdTable Table, ulong FirstBlock) Read(ImageSource source, ISquashfsCompressor compressor, ulong indexStart, ushort count)
    {
        var entries = LookupTable.Read(source, compressor, indexStart, count, EntrySize, "id table");
        var table = new IdTable();
        for (var i = 0; i < count; i++)
        {
            table._ids.Add(entries.Entry(i, "id").U32());
        }

        return (table, entries.FirstBlock);
    }
}
