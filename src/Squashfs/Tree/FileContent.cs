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

    /// <summary>
    /// Opens the data for reading: a failure to open or to read it is an <see cref="InputFileException"/> that names
    /// the file and the cause (the system's own words, such as "Input/output error").
    /// </summary>
    public Stream OpenChecked()
    {
        try
        {
            return new InputFileStream(Open(), Description);
        }
        catch (Exception e) when (InputFileException.IsReadFailure(e))
        {
            throw InputFileException.ReadFailed(Description, e);
        }
    }

    /// <summary>
    /// Copies the data to <paramref name="destination"/>; data that cannot be read, or is not <see cref="Length"/>
    /// bytes long (changed since it was listed), is an <see cref="InputFileException"/>.
    /// </summary>
    public void CopyChecked(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var source = OpenChecked();
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            copied += read;
            if (copied > Length)
            {
                throw InputFileException.Grew(Description, Length);
            }

            destination.Write(buffer, 0, read);
        }

        if (copied < Length)
        {
            throw InputFileException.Shrank(Description, Length);
        }
    }

    /// <summary>Reads the data into <paramref name="destination"/> (see <see cref="Read"/>), a failure being an <see cref="InputFileException"/>.</summary>
    internal int ReadChecked(Span<byte> destination)
    {
        try
        {
            return Read(destination);
        }
        catch (Exception e) when (InputFileException.IsReadFailure(e))
        {
            throw InputFileException.ReadFailed(Description, e);
        }
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
