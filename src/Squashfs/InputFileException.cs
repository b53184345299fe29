namespace Squashfs;

/// <summary>A source file could not be read, or changed while it was being read. The message names the file.</summary>
public sealed class InputFileException(string path, string message, Exception? inner = null) : IOException(message, inner)
{
    public string Path { get; } = path;
}
