using Squashfs.Compression;

namespace Squashfs.Format;

internal static partial class ExportTable
{
    /// <summary>
    /// Writes the references of inodes 1 to n (<paramref name="inodeReferences"/>[number - 1]) at the stream's position
    /// and returns the position of the index array.
    /// </summary>
    public static ulong Write(Stream output, IReadOnlyList<ulong> inodeReferences, ISquashfsCompressor compressor) =>
        LookupTable.Write(output, inodeReferences, EntrySize, static (ref ByteWriter w, ulong reference) => w.U64(reference), compressor);
}
