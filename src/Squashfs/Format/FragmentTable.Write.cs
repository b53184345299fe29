using Squashfs.Compression;

namespace Squashfs.Format;

internal sealed partial class FragmentTable
{
    /// <summary>Writes the table at the stream's position and returns the position of its index array.</summary>
    public static ulong Write(Stream output, IReadOnlyList<FragmentEntry> fragments, ISquashfsCompressor compressor) =>
        LookupTable.Write(output, fragments, EntrySize, static (ref ByteWriter w, FragmentEntry fragment) =>
        {
            w.U64(fragment.Start);
            w.U32(fragment.SizeField);
            w.U32(0);
        }, compressor);
}
