namespace PortableService.Closure;

/// <summary>
/// One path to copy into the image, at the same path.
/// </summary>
/// <param name="HostPath">The absolute path on the host. No component but the last is a symlink.</param>
/// <param name="Kind">How it is copied.</param>
/// <param name="Size">
/// Bytes: the length of a file; the length of a symlink's target; for a tree, the sum of its regular files' lengths
/// and its symlinks' target lengths.
/// </param>
/// <param name="Reason">Which root or file needed it, e.g. <c>library libc.so.6 needed by /usr/bin/ls</c>.</param>
public sealed record ClosureItem(string HostPath, ClosureItemKind Kind, long Size, string Reason);
