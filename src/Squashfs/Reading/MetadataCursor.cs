using System.Buffers.Binary;

namespace Squashfs.Reading;

/// <summary>Reads consecutive bytes of a metadata table, crossing block boundaries as needed.</summary>
internal sealed class MetadataCursor(MetadataReader reader, ulong blockStart, int offset)
{
    private ulong _block = blockStart;
    private int _offset = offset;

    public ulong BlockStart => _block;

    public int Offset => _offset;

    public void Read(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var (data, next) = reader.Block(_block);
            if (_offset > data.Length)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.MetadataOffsetBeyondBlock, reader.TableName, _block, _offset, data.Length));
            }

            var n = Math.Min(destination.Length, data.Length - _offset);
            data.AsSpan(_offset, n).CopyTo(destination);
            destination = destination[n..];
            _offset += n;
            if (_offset == data.Length && !destination.IsEmpty)
            {
                _block = next;
                _offset = 0;
            }
            else if (_offset == data.Length && data.Length == Format.MetadataBlock.Size)
            {
                // Leave the cursor at the start of the next block, as references to that position are written.
                _block = next;
                _offset = 0;
            }
        }
    }

    public byte[] ReadBytes(int count)
    {
        var bytes = new byte[count];
        Read(bytes);
        return bytes;
    }

    public ushort U16()
    {
        Span<byte> b = stackalloc byte[2];
        Read(b);
        return BinaryPrimitives.ReadUInt16LittleEndian(b);
    }

    public uint U32()
    {
        Span<byte> b = stackalloc byte[4];
        Read(b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    public ulong U64()
    {
        Span<byte> b = stackalloc byte[8];
        Read(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }
}
