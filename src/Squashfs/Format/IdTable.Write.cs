using Squashfs.Compression;

namespace Squashfs.Format;

internal sealed partial class IdTable
{
    /// <summary>The index of <paramref name="id"/>, added at the end if it is new.</summary>
    public ushort IndexOf(uint id)
    {
        if (_indexes.TryGetValue(id, out var index))
        {
            return index;
        }

        if (_ids.Count == MaxIds)
        {
            throw new InvalidOperationException(Strings.TooManyIds);
        }

        index = (ushort)_ids.Count;
        _ids.Add(id);
        _indexes[id] = index;
        return index;
    }

    /// <summary>Writes the table at the stream's position and returns the position of its index array.</summary>
    public ulong Write(Stream output, ISquashfsCompressor compressor) =>
        LookupTable.Write(output, _ids, EntrySize, static (ref ByteWriter w, uint id) => w.U32(id), compressor);
}
