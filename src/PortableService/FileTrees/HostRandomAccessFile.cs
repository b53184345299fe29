using Microsoft.Win32.SafeHandles;

namespace PortableService.FileTrees;

/// <summary>A host file read with <c>pread</c>: no buffering, no position, nothing but the handle.</summary>
internal sealed class HostRandomAccessFile(SafeFileHandle handle) : IRandomAccessFile
{
    public long Length => RandomAccess.GetLength(handle);

    public static HostRandomAccessFile Open(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));

    public int ReadAt(long offset, Span<byte> buffer) => RandomAccess.Read(handle, buffer, offset);

    public void Dispose() => handle.Dispose();
}
