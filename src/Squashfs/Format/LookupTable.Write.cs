using System.Buffers.Binary;
using Squashfs.Compression;

namespace Squashfs.Format;

internal sealed partial class LookupTable
{
    /// <summary>Writes one entry's fields; the writer starts at the entry's place in the table.</summary>
    public delegate void EntryWriter<in T>(ref ByteWriter writer, T entry);

    /// <summary>Writes <paramref name="entries"/> of <paramref name="entrySize"/> bytes each, compressed, as a table.</summary>
    public static ulong Write<T>(Stream output, IReadOnlyList<T> entries, int entrySize, EntryWriter<T> write, ISquashfsCompressor compressor)
    {
        var bytes = new byte[entries.Count * entrySize];
        for (var i = 0; i < entries.Count; i++)
        {
            var writer = new ByteWriter(bytes.AsSpan(i * entrySize));
            write(ref writer, entries[i]);
        }

        return Write(output, bytes, compressor, compress: true);
    }

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
        Span<byte> position = stackalloc byte[IndexEntrySize];
        foreach (var block in blockPositions)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(position, block);
            output.Write(position);
        }

        return indexStart;
    }
}
