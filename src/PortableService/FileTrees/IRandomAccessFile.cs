namespace PortableService.FileTrees;

/// <summary>An open regular file read at any offset (ELF headers, tables and strings lie anywhere in it).</summary>
internal interface IRandomAccessFile : IDisposable
{
    long Length { get; }

    /// <summary>Reads up to <paramref name="buffer"/>'s length at <paramref name="offset"/>; 0 at the end of the file.</summary>
    int ReadAt(long offset, Span<byte> buffer);
}
