namespace PortableService.Inspection;

/// <summary>
/// A read-only view of part of a seekable stream (a partition of a disk image), so readers that want a stream of
/// their own, such as the squashfs reader, can read one partition. Position 0 is the window's start.
/// </summary>
internal sealed class StreamWindow(Stream inner, long start, long length, bool leaveOpen) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var available = length - _position;
        if (available <= 0)
        {
            return 0;
        }

        inner.Position = start + _position;
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, available)]);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
