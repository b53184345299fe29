using System.Buffers.Binary;

namespace Squashfs.Format;

/// <summary>Appends little-endian fields to a span, so serializers read like the format's field lists.</summary>
internal ref struct ByteWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_length..], value);
        _length += 2;
    }

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_length..], value);
        _length += 4;
    }

    public void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_length..], value);
        _length += 8;
    }
}
