using System.Runtime.InteropServices;
using System.Text;
using Squashfs.Interop;

namespace PortableService.FileTrees;

/// <summary>
/// <c>statx</c> (through <see cref="UnixNative"/>) and <c>readlink</c> from libc: one system call per path, without
/// following a final symlink, which <see cref="FileSystemInfo"/> cannot promise.
/// </summary>
internal sealed partial class HostFileTree
{
    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLinkNative(string path, ref byte buffer, nint size);

    private static FileNode LstatUncached(string path)
    {
        // Such a path could only be looked up as another name (its escapes encoded as U+FFFD).
        if (HostFileNames.HasEscapes(path))
        {
            return new FileNode(FileNodeKind.Error, 0, 0, "its name is not UTF-8");
        }

        return UnixNative.TryStat(path, followSymlinks: false, out var status, out var errno) ? FileNode.Of(status) : FileNode.OfError(errno);
    }

    private static string? ReadLinkUncached(string path) =>
        ReadLinkWith(buffer => ReadLinkNative(path, ref MemoryMarshal.GetReference(buffer), buffer.Length));

    /// <summary>
    /// A symlink's target read with <paramref name="readLink"/> (<c>readlink</c> or <c>readlinkat</c> into the buffer
    /// given, returning the length or -1), with a larger buffer until it fits; null when it cannot be read.
    /// </summary>
    internal static string? ReadLinkWith(Func<Span<byte>, nint> readLink)
    {
        for (var size = 256; size <= 1 << 20; size *= 4)
        {
            var buffer = new byte[size];
            var length = readLink(buffer);
            if (length < 0)
            {
                return null;
            }

            if (length < size)
            {
                return Encoding.UTF8.GetString(buffer, 0, (int)length);
            }
        }

        return null;
    }
}
