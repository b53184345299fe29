namespace Squashfs;

/// <summary>
/// Produces a file so that it appears whole or not at all: the content goes to a temporary file beside the target,
/// which is renamed over it on success and removed on any failure or cancellation.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<string> write) => Write(path, temporary =>
    {
        write(temporary);
        return true;
    });

    public static T Write<T>(string path, Func<string, T> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temporary = Path.Join(Path.GetDirectoryName(full), $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var result = write(temporary);
            File.Move(temporary, full, overwrite: true);
            return result;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
