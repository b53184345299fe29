using System.Buffers.Binary;
using Squashfs.Compression;

namespace Squashfs.Format;

/// <summary>
/// The layout shared by the fragment, export and id tables: fixed-size entries in metadata blocks, followed by an
/// uncompressed array of the blocks' absolute positions. The superblock points at that array.
/// </summary>
internal static class LookupTable
{
    /// <summary>
    /// Writes the table at the stream's position and returns the position of its index array, or of
    /// <paramref name="header"/> when one is given (the xattr table puts a header before the array).
    /// </summary>
    public static ulong Write(Stream output, ReadOnlySpan<byte> entries, ISquashfsCompressor compressor, bool compress, ReadOnlySpan<byte> header = default)
    {
        var tableStart = (ulong)output.Position;
        var metadata = new MetadataWriter(compressor, compress);
        var blockPositions = new List<ulong>();
        for (var offset = 0; offset < entries.Length; offset += MetadataBlock.Size)
        {
            blockPositions.Add(tableStart + metadata.BlockStart);
            metadata.Write(entries.Slice(offset, Math.Min(MetadataBlock.Size, entries.Length - offset)));
        }

        metadata.CopyTo(output);
        var indexStart = (ulong)output.Position;
        output.Write(header);
        Span<byte> position = stackalloc byte[8];
        foreach (var block in blockPositions)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(position, block);
            output.Write(position);
        }

        return indexStart;
    }

    /// <summary>Number of metadata blocks a table of <paramref name="entryCount"/> entries occupies.</summary>
    public static int BlockCount(long entryCount, int entrySize) => (int)((entryCount * entrySize + MetadataBlock.Size - 1) / MetadataBlock.Size);
}
