namespace PortableService.Closure.Elf;

/// <summary>
/// An ELF object as the loader holds it while loading its dependencies: the file, the directory <c>$ORIGIN</c>
/// stands for, and the <c>DT_RPATH</c> directories it and its loaders contribute (glibc searches the RPATH of the
/// requesting object, then of the object that loaded it, and so on up to the program).
/// </summary>
internal sealed class LoadedObject
{
    public LoadedObject(string path, ElfFile elf, string origin, IReadOnlyList<SearchDirectory> ownRPath, IReadOnlyList<SearchDirectory> runPath, LoadedObject? loader)
    {
        Path = path;
        Elf = elf;
        Origin = origin;
        RunPath = runPath;
        Map = loader?.Map ?? new LinkMap();
        // chain(X) = RPATH(X) ++ chain(loader(X)); an object with DT_RUNPATH contributes no RPATH.
        RPathChain = loader is null ? ownRPath : [.. ownRPath, .. loader.RPathChain];
        SearchKey = string.Join(':', RunPath.Select(d => d.Path)) + "\0" + (RunPath.Count > 0 || Elf.RunPath is not null ? "" : string.Join(':', RPathChain.Select(d => d.Path))) + "\0" + (Elf.NoDefaultLibraries ? "n" : "");
    }

    /// <summary>The path the object was loaded from (before resolving symlinks).</summary>
    public string Path { get; }

    public ElfFile Elf { get; }

    public string Origin { get; }

    /// <summary>The objects already loaded into the same program.</summary>
    public LinkMap Map { get; }

    public IReadOnlyList<SearchDirectory> RunPath { get; }

    /// <summary>The RPATH directories of this object and its loaders, in search order.</summary>
    public IReadOnlyList<SearchDirectory> RPathChain { get; }

    /// <summary>Everything that decides where this object's dependencies are found, as one string.</summary>
    public string SearchKey { get; }
}
