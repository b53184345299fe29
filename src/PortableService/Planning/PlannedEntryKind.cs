namespace PortableService.Planning;

/// <summary>What a planned entry puts at its image path.</summary>
public enum PlannedEntryKind
{
    /// <summary>An empty directory of the scaffold.</summary>
    Directory,

    /// <summary>A regular file made by the build: os-release, a unit, an empty mount point.</summary>
    File,

    /// <summary>A host file or directory (with everything below it) from <c>contents</c>.</summary>
    Content,

    /// <summary>A symlink from <c>symlinks</c>.</summary>
    Symlink,
}
