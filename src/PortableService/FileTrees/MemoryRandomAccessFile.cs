namespace PortableService.FileTrees;

/// <summary>A file's bytes held in memory: generated files, and files read out of an image.</summary>
internal sealed class MemoryRandomAccessFile(ReadOnlyMemory<byte> data) : IRandomAccessFile
{
    public long Length => data.Length;

    public int ReadAt(long offset, Span<byte> buffer)
    {
        if (offset >= data.Length)
        {
            return 0;
        }

        var available = data.Span[(int)offset..];
        var n = Math.Min(available.Length, buffer.Length);
        available[..n].CopyTo(buffer);
        return n;
    }

    public void Dispose()
    {
    }
}
