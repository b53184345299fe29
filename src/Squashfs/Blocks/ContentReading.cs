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
            throw new InputFileException(content.Description, string.Format(Strings.CannotReadFile, content.Description, e.Message.TrimEnd('.')), e);
        }
    }
}
