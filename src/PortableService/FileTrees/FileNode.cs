namespace PortableService.FileTrees;

/// <summary>One <c>lstat</c> result: the kind, permission bits and size of a path, without following a final symlink.</summary>
internal readonly record struct FileNode(FileNodeKind Kind, uint Mode, long Size, string? Error)
{
    public static FileNode Missing { get; } = new(FileNodeKind.Missing, 0, 0, null);

    public bool IsExecutable => (Mode & 0b001_001_001) != 0;

    /// <summary>Set-user-ID or set-group-ID: in an image whose files all belong to root, either runs as root.</summary>
    public bool IsSetId => (Mode & 0b110_000_000_000) != 0;
}
