namespace PortableService.FileTrees;

/// <summary>A symlink met while resolving a path: where it is (its parent directories resolved) and what it says.</summary>
internal sealed record SymlinkHop(string Path, string Target);
