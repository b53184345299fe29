using Squashfs.Compression;

namespace Squashfs.Format;

internal sealed partial class FragmentTable
{
    /// <summary>Writes the table at the stream's position and returns the position of its index array.</summary>
    public static ulong Write(Stream output, IReadOnlyList<FragmentEntry> fragments, ISquashfsCompressor compressor)
    {
        var entries = new byte[fragments.Count * EntrySize];
        for (var i = 0; i < fragments.Count; i++)
        {
            var w = new ByteWriter(entries.AsSpan(i * EntrySize));
            w.U64(fragments[i].Start);
            w.U32(fragments[i].SizeField);
            w.U32(0);
        }

        return LookupTable.Write(output, entries, compressor, compress: true);
    }
}
