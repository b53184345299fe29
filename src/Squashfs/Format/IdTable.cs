namespace Squashfs.Format;

/// <summary>The distinct uids and gids of an image; inodes refer to them by 16-bit index.</summary>
internal sealed class IdTable
{
    public const int EntrySize = 4;
    public const int MaxIds = 65536;

    private readonly List<uint> _ids = [];
    private readonly Dictionary<uint, ushort> _indexes = [];

    public IReadOnlyList<uint> Ids => _ids;

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

    public byte[] Serialize()
    {
        var bytes = new byte[_ids.Count * EntrySize];
        for (var i = 0; i < _ids.Count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * EntrySize), _ids[i]);
        }

        return bytes;
    }
}
