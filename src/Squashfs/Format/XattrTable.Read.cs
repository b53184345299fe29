using System.Buffers.Binary;
using System.Text;
using Squashfs.Compression;
using Squashfs.Reading;
using Squashfs.Tree;

namespace Squashfs.Format;

internal static partial class XattrTable
{
    /// <summary>The xattr table of an untrusted image, opened at its header; sets are read when asked for.</summary>
    public sealed class Reader
    {
        private const int MaxValueSize = 1 << 20;
        private const int MaxPairs = 65536;
        private readonly LookupTable _sets;
        private readonly MetadataReader _pairs;

        public Reader(ImageSource source, ISquashfsCompressor compressor, ulong headerStart)
        {
            Span<byte> header = stackalloc byte[HeaderSize];
            source.Read((long)headerStart, header, "xattr table header");
            var pairsStart = BinaryPrimitives.ReadUInt64LittleEndian(header);
            var count = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            if (pairsStart >= headerStart)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadTableBlock, "xattr table", 0, pairsStart));
            }

            _sets = LookupTable.Read(source, compressor, headerStart + HeaderSize, count, SetEntrySize, "xattr id table");
            _pairs = new MetadataReader(source, compressor, pairsStart, _sets.FirstBlock, "xattr table");
            PairsStart = pairsStart;
        }

        /// <summary>Where the pairs start: the end of the table before this one.</summary>
        public ulong PairsStart { get; }

        public IReadOnlyList<ImageXattr> Read(uint index, string location)
        {
            var set = _sets.Entry(index, location);
            var reference = set.U64();
            var count = set.U32();
            if (count > MaxPairs)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "xattr count", count));
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
                    throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "xattr type", type));
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
            ? throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "xattr value size", size))
            : cursor.ReadBytes((int)size);
    }
}
