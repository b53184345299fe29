namespace Squashfs.Reading;

/// <summary>Random access to the image bytes, with every read checked against the used length.</summary>
internal sealed class ImageSource(Stream stream, long length) : IDisposable
{
    private readonly Lock _lock = new();

    public long Length { get; } = length;

    public void Read(long position, Span<byte> destination, string structure)
    {
        if (position < 0 || position > Length - destination.Length)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.ReadBeyondEnd, structure, position, destination.Length, Length));
        }

        lock (_lock)
        {
            stream.Position = position;
            stream.ReadExactly(destination);
        }
    }

    public void Dispose() => stream.Dispose();
}
