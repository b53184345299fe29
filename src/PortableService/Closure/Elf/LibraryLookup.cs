using PortableService.FileTrees;

namespace PortableService.Closure.Elf;

/// <summary>Where a <c>DT_NEEDED</c> name was found, or every place it was looked for.</summary>
internal sealed class LibraryLookup
{
    private LibraryLookup(string? path, PathResolution? resolution, IReadOnlyList<string> searched)
    {
        Path = path;
        Resolution = resolution;
        Searched = searched;
    }

    /// <summary>The path the loader opens (a search directory joined with the name); null when not found.</summary>
    public string? Path { get; }

    public PathResolution? Resolution { get; }

    /// <summary>The places searched, in order, each with notes such as "(ELF 32-bit LSB i386, skipped)".</summary>
    public IReadOnlyList<string> Searched { get; }

    public bool Found => Path is not null;

    public static LibraryLookup Success(string path, PathResolution resolution, IReadOnlyList<string> searched) => new(path, resolution, searched);

    public static LibraryLookup NotFound(IReadOnlyList<string> searched) => new(null, null, searched);
}
