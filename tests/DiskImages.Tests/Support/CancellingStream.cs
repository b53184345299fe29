namespace DiskImages.Tests.Support;

/// <summary>A read-only stream of zeros that cancels a token once <paramref name="cancelAfter"/> bytes have been read: Ctrl-C in the middle of a large image.</summary>
internal sealed class CancellingStream(long length, long cancelAfter, CancellationTokenSource cancellation) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - Position);
        if (n <= 0)
        {
            return 0;
        }

        Array.Clear(buffer, offset, n);
        Position += n;
        BytesRead += n;
        if (BytesRead >= cancelAfter)
        {
            cancellation.Cancel();
        }

        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
