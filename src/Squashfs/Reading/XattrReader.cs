using System.Text;
using Squashfs.Format;
using Squashfs.Tree;

namespace Squashfs.Reading;

/// <summary>Reads the extended attribute sets of an image.</summary>
internal sealed class XattrReader
{
    private const int IdEntrySize = 16;
    private const int MaxValueSize = 1 << 20;
    private readonly LookupTableReader _ids;
    private readonly MetadataReader _pairs;

    public XattrReader(ImageSource source, Compression.ISquashfsCompressor compressor, ulong headerStart)
    {
        Span<byte> header = stackalloc byte[16];
        source.Read((long)headerStart, header, "xattr table header");
        var pairsStart = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(header);
        var count = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (pairsStart >= headerStart)
        {
            throw new InvalidDataException(string.Format(Strings.BadTableBlock, "xattr table", 0, pairsStart));
        }

        _ids = new LookupTableReader(source, compressor, headerStart + 16, count, IdEntrySize, "xattr id table");
        _pairs = new MetadataReader(source, compressor, pairsStart, _ids.FirstBlock, "xattr table");
        PairsStart = pairsStart;
    }

    public ulong PairsStart { get; }

    public IReadOnlyList<ImageXattr> Read(uint index, string location)
    {
        var id = _ids.Entry(index, location);
        var reference = id.U64();
        var count = id.U32();
        if (count > 65536)
        {
            throw new InvalidDataException(string.Format(Strings.BadInodeField, location, "xattr count", count));
        }

        var cursor = _pairs.At(reference);
        var result = new List<ImageXattr>((int)Math.Min(count, 64));
        for (var i = 0; i < count; i++)
        {
            var type = cursor.U16();
            var nameSize = cursor.U16();
            var name = cursor.ReadBytes(nameSize);
            var prefix = (XattrPrefix)(type & ~XattrPrefixes.OutOfLineValue);
            if (!Enum.IsDefined(prefix))
            {
                throw new InvalidDataException(string.Format(Strings.BadInodeField, location, "xattr type", type));
            }

            var valueSize = cursor.U32();
            byte[] value;
            if ((type & XattrPrefixes.OutOfLineValue) != 0)
            {
                var valueReference = cursor.U64();
                var valueCursor = _pairs.At(valueReference);
                value = ReadValue(valueCursor, valueCursor.U32(), location);
            }
            else
            {
                value = ReadValue(cursor, valueSize, location);
            }

            result.Add(new ImageXattr(XattrPrefixes.Name(prefix) + Encoding.UTF8.GetString(name), value));
        }

        return result;
    }

    private static byte[] ReadValue(MetadataCursor cursor, uint size, string location) => size > MaxValueSize
        ? throw new InvalidDataException(string.Format(Strings.BadInodeField, location, "xattr value size", size))
        : cursor.ReadBytes((int)size);
}
