using Squashfs.Interop;

namespace Squashfs.Tree;

/// <summary>Where a regular file's bytes come from. Data is streamed, never loaded whole.</summary>
public abstract class FileContent
{
    /// <summary>The length the image records. A source that yields a different length is an error.</summary>
    public abstract long Length { get; }

    /// <summary>Opens a fresh stream positioned at the start of the data.</summary>
    public abstract Stream Open();

    /// <summary>A short description for error messages, such as the host path.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Reads the data from its start into <paramref name="destination"/> until that is full or the data ends, and
    /// returns the bytes read. Give one byte more than <see cref="Length"/> to see whether the data grew.
    /// </summary>
    internal virtual int Read(Span<byte> destination)
    {
        using var stream = Open();
        return stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
    }

    public static FileContent FromBytes(byte[] data, string description = "(memory)") => new BytesContent(data, description);

    public static FileContent FromFile(string path) => new HostFileContent(path, new FileInfo(path).Length);

    /// <summary>A host file whose length the caller has just read (from lstat), saving a second look.</summary>
    internal static FileContent FromFile(string path, long length) => new HostFileContent(path, length);

    private sealed class BytesContent(byte[] data, string description) : FileContent
    {
        public override long Length => data.Length;
        public override string Description => description;
        public override Stream Open() => new MemoryStream(data, writable: false);
    }

    private sealed class HostFileContent(string path, long length) : FileContent
    {
        public override long Length => length;
        public override string Description => path;
        public override Stream Open() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

        internal override int Read(Span<byte> destination) => UnixNative.ReadFile(path, destination);
    }
}
