using System.Buffers.Binary;
using Squashfs.Compression;
using Squashfs.Reading;

namespace Squashfs.Format;

internal sealed partial class LookupTable
{
    private LookupTable(ulong[] blocks, MetadataReader metadata, int entrySize, long count, ulong firstBlock)
    {
        (_blocks, _metadata, _entrySize, Count, FirstBlock) = (blocks, metadata, entrySize, count, firstBlock);
    }

    /// <summary>
    /// Opens a table of <paramref name="count"/> entries whose index array starts at <paramref name="indexStart"/> in an
    /// untrusted image: every block position must lie before the index. Entries are read when asked for.
    /// </summary>
    public static LookupTable Read(ImageSource source, ISquashfsCompressor compressor, ulong indexStart, long count, int entrySize, string name)
    {
        var blockCount = BlockCount(count, entrySize);
        var index = new byte[blockCount * IndexEntrySize];
        source.Read((long)indexStart, index, name + " index");
        var blocks = new ulong[blockCount];
        for (var i = 0; i < blockCount; i++)
        {
            blocks[i] = BinaryPrimitives.ReadUInt64LittleEndian(index.AsSpan(i * IndexEntrySize));
            if (blocks[i] >= indexStart)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadTableBlock, name, i, blocks[i]));
            }
        }

        var firstBlock = blockCount > 0 ? blocks.Min() : indexStart;
        return new LookupTable(blocks, new MetadataReader(source, compressor, 0, indexStart, name), entrySize, count, firstBlock);
    }

    public MetadataCursor Entry(long index, string what)
    {
        if (index < 0 || index >= Count)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.TableIndexOutOfRange, _metadata.TableName, index, Count, what));
        }

        var perBlock = MetadataBlock.Size / _entrySize;
        return _metadata.At(_blocks[index / perBlock], (int)(index % perBlock) * _entrySize);
    }
}
