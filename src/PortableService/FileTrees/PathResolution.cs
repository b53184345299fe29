namespace PortableService.FileTrees;

/// <summary>
/// A path resolved the way the kernel does: every symlink met on the way (in order) and the real path it reaches, or
/// where it failed.
/// </summary>
internal sealed class PathResolution
{
    private PathResolution(string requested, string? realPath, FileNode node, IReadOnlyList<SymlinkHop> symlinks, string? failedAt, string? failure)
    {
        RequestedPath = requested;
        RealPath = realPath;
        Node = node;
        Symlinks = symlinks;
        FailedAt = failedAt;
        Failure = failure;
    }

    public string RequestedPath { get; }

    /// <summary>The path reached, with no symlink in it; null when resolution failed.</summary>
    public string? RealPath { get; }

    /// <summary>What the real path is (never a symlink).</summary>
    public FileNode Node { get; }

    public IReadOnlyList<SymlinkHop> Symlinks { get; }

    /// <summary>The path that was missing or could not be examined.</summary>
    public string? FailedAt { get; }

    /// <summary>Why resolution failed, in words ("does not exist", "is not a directory", ...).</summary>
    public string? Failure { get; }

    public bool Succeeded => RealPath is not null;

    public static PathResolution Success(string requested, string realPath, FileNode node, IReadOnlyList<SymlinkHop> symlinks) =>
        new(requested, realPath, node, symlinks, null, null);

    public static PathResolution Failed(string requested, IReadOnlyList<SymlinkHop> symlinks, string failedAt, string failure) =>
        new(requested, null, FileNode.Missing, symlinks, failedAt, failure);

    /// <summary>Describes a failure for a message: "/a/b does not exist (reached through the symlink /a -> x)".</summary>
    public string DescribeFailure()
    {
        var text = FailedAt == RequestedPath ? $"{RequestedPath} {Failure}" : $"{FailedAt} {Failure}";
        if (Symlinks.Count > 0)
        {
            text += " (through " + string.Join(", ", Symlinks.Select(s => $"{s.Path} -> {s.Target}")) + ")";
        }

        return text;
    }
}
