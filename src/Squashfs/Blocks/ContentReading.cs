using Squashfs.Tree;

namespace Squashfs.Blocks;

internal static class ContentReading
{
    /// <summary>Opens a file's content, turning a failure into an <see cref="InputFileException"/> that names the file.</summary>
    public static Stream OpenChecked(this FileContent content)
    {
        try
        {
            return content.Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(content.Description, string.Format(CultureInfo.InvariantCulture, Strings.CannotReadFile, content.Description, e.Message.TrimEnd('.')), e);
        }
    }

    /// <summary>Reads a file's content into <paramref name="destination"/> (see <see cref="FileContent.Read"/>), turning a failure into an <see cref="InputFileException"/>.</summary>
    public static int ReadChecked(this FileContent content, Span<byte> destination)
    {
        try
        {
            return content.Read(destination);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(content.Description, string.Format(CultureInfo.InvariantCulture, Strings.CannotReadFile, content.Description, e.Message), e);
        }
    }
}
