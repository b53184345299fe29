namespace Squashfs.Interop;

/// <summary>
/// Linux errno values (the same on every architecture .NET runs Linux on), by name. .NET reports them as the
/// <see cref="Exception.HResult"/> of the IOExceptions it raises for failed system calls, and <see cref="UnixNative"/>
/// does the same.
/// </summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EACCES = 13;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int ENAMETOOLONG = 36;
    public const int ELOOP = 40;
    public const int ENODATA = 61;
    public const int EOPNOTSUPP = 95;
    public const int ESTALE = 116;
    public const int EDQUOT = 122;

    /// <summary>The errno an exception carries: its HResult when that is one (a small positive number), else null.</summary>
    public static int? Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            FileNotFoundException or DirectoryNotFoundException => ENOENT,
            UnauthorizedAccessException => EACCES,
            _ when exception.HResult is > 0 and < 4096 => exception.HResult,
            _ => null,
        };
    }
}
