using System.Runtime.InteropServices;
using Squashfs.Interop;

namespace Squashfs;

/// <summary>A source file could not be read, or changed while it was being read. The message names the file and the cause.</summary>
public sealed class InputFileException(string path, string message, Exception? inner = null) : IOException(message, inner)
{
    public string Path { get; } = path;

    /// <summary>
    /// A failure to open or read <paramref name="path"/>, in the system's words (<c>Input/output error</c>) with what
    /// it means for the build: a damaged disk, a file removed or replaced meanwhile, or one this user may not read.
    /// </summary>
    public static InputFileException ReadFailed(string path, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var errno = Errno.Of(cause);
        var what = errno is { } number ? Marshal.GetPInvokeErrorMessage(number) : cause.Message.TrimEnd('.');
        var advice = errno switch
        {
            Errno.EIO => Strings.ReadFailedIo,
            Errno.ENOENT => Strings.ReadFailedRemoved,
            Errno.EACCES or Errno.EPERM => Strings.ReadFailedDenied,
            Errno.EISDIR => Strings.ReadFailedReplaced,
            Errno.ESTALE => Strings.ReadFailedStale,
            Errno.ENXIO or Errno.ENODEV => Strings.ReadFailedDeviceGone,
            _ => Strings.ReadFailedOther,
        };
        return new InputFileException(path, string.Format(CultureInfo.InvariantCulture, Strings.CannotReadFile, path, what, advice), cause);
    }

    /// <summary>The file yielded more than the <paramref name="length"/> bytes it had when listed.</summary>
    public static InputFileException Grew(string path, long length) =>
        new(path, string.Format(CultureInfo.InvariantCulture, length == 0 ? Strings.FileSizeZeroWithContent : Strings.FileGrew, path, length));

    /// <summary>The file ended before the <paramref name="length"/> bytes it had when listed.</summary>
    public static InputFileException Shrank(string path, long length) => new(path, string.Format(CultureInfo.InvariantCulture, Strings.FileShrank, path, length));

    /// <summary>An exception of a failed open or read (and not one already naming its file).</summary>
    internal static bool IsReadFailure(Exception e) => e is (IOException and not InputFileException) or UnauthorizedAccessException;
}
