namespace PortableService.FileTrees;

/// <summary>
/// A base image over the build host: a path the base holds is answered by the base (and is in the image already, so
/// the closure does not copy it); any other path by the host. This is what an extension's programs meet once
/// portabled lays the extension over its base, with the host standing in for what the extension will carry.
/// </summary>
internal sealed class LayeredFileTree(IFileTree lower, IFileTree host) : IFileTree
{
    public bool SupportsParallelReads => lower.SupportsParallelReads && host.SupportsParallelReads;

    public FileNode Lstat(string path) => lower.Lstat(path) is { Kind: not FileNodeKind.Missing } node ? node : host.Lstat(path);

    public string? ReadLink(string path) => InLower(path) ? lower.ReadLink(path) : host.ReadLink(path);

    public string[] ListDirectory(string path)
    {
        var (inLower, inHost) = (lower.Lstat(path).Kind == FileNodeKind.Directory, host.Lstat(path).Kind == FileNodeKind.Directory);
        return (inLower, inHost) switch
        {
            (true, true) => [.. lower.ListDirectory(path).Union(host.ListDirectory(path), StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            (true, false) => lower.ListDirectory(path),
            _ => host.ListDirectory(path),
        };
    }

    public IRandomAccessFile OpenFile(string path) => InLower(path) ? lower.OpenFile(path) : host.OpenFile(path);

    public bool IsInImage(string path) => InLower(path) || host.IsInImage(path);

    private bool InLower(string path) => lower.Lstat(path).Kind != FileNodeKind.Missing;
}
