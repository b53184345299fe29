using PortableService.Validation;

namespace PortableService.FileTrees;

/// <summary>
/// Small files a user or an image names (keys, certificates, profiles, sidecars), read whole only when they are regular
/// files of a sane size: a FIFO would block the read forever and <c>/dev/zero</c> would fill memory.
/// </summary>
internal static class BoundedFile
{
    /// <summary>Why <paramref name="path"/> is not a regular file of at most <paramref name="maxBytes"/> (following symlinks), or null.</summary>
    public static string? Problem(string path, long maxBytes)
    {
        var probe = FileProbe.Of(path);
        return probe.TargetKind switch
        {
            FileKind.Regular when probe.TargetSize > maxBytes => $"it is {probe.TargetSize} bytes, more than the {maxBytes} such a file may have",
            FileKind.Regular => null,
            FileKind.Missing => "it does not exist",
            var kind => $"it is a {FileProbe.Describe(kind)}, not a regular file",
        };
    }

    /// <summary>The bytes of <paramref name="path"/>.</summary>
    /// <exception cref="IOException">It is not a regular file of at most <paramref name="maxBytes"/>, or cannot be read.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes) =>
        Problem(path, maxBytes) is { } problem ? throw new IOException($"{path}: {problem}") : File.ReadAllBytes(path);
}
