using System.Buffers.Binary;

namespace Squashfs.Reading;

/// <summary>
/// Reads entries of a fragment, export, id or xattr-id table: fixed-size entries in metadata blocks whose absolute
/// positions are listed in an index array. Every position is checked before use.
/// </summary>
internal sealed class LookupTableReader
{
    private readonly ulong[] _blocks;
    private readonly MetadataReader _metadata;
    private readonly int _entrySize;
    private readonly long _count;

    public LookupTableReader(ImageSource source, Compression.ISquashfsCompressor compressor, ulong indexStart, long count, int entrySize, string name)
    {
        _entrySize = entrySize;
        _count = count;
        var blockCount = Format.LookupTable.BlockCount(count, entrySize);
        var index = new byte[blockCount * 8];
        source.Read((long)indexStart, index, name + " index");
        _blocks = new ulong[blockCount];
        for (var i = 0; i < blockCount; i++)
        {
            _blocks[i] = BinaryPrimitives.ReadUInt64LittleEndian(index.AsSpan(i * 8));
            if (_blocks[i] >= indexStart)
            {
                throw new InvalidDataException(string.Format(Strings.BadTableBlock, name, i, _blocks[i]));
            }
        }

        FirstBlock = blockCount > 0 ? _blocks.Min() : indexStart;
        _metadata = new MetadataReader(source, compressor, 0, indexStart, name);
    }

    /// <summary>Where the table's first metadata block lies: the end of the table before it.</summary>
    public ulong FirstBlock { get; }

    public long Count => _count;

    public MetadataCursor Entry(long index, string what)
    {
        if (index < 0 || index >= _count)
        {
            throw new InvalidDataException(string.Format(Strings.TableIndexOutOfRange, _metadata.TableName, index, _count, what));
        }

        var perBlock = Format.MetadataBlock.Size / _entrySize;
        return _metadata.At(_blocks[index / perBlock], (int)(index % perBlock) * _entrySize);
    }
}
