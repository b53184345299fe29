using System.Buffers.Binary;
using Squashfs.Compression;

namespace Squashfs.Format;

internal static partial class ExportTable
{
    /// <summary>
    /// Writes the references of inodes 1 to n (<paramref name="inodeReferences"/>[number - 1]) at the stream's position
    /// and returns the position of the index array.
    /// </summary>
    public static ulong Write(Stream output, IReadOnlyList<ulong> inodeReferences, ISquashfsCompressor compressor)
    {
        var entries = new byte[inodeReferences.Count * EntrySize];
        for (var i = 0; i < inodeReferences.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(entries.AsSpan(i * EntrySize), inodeReferences[i]);
        }

        return LookupTable.Write(output, entries, compressor, compress: true);
    }
}
