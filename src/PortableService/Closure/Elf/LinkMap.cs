using PortableService.FileTrees;

namespace PortableService.Closure.Elf;

/// <summary>
/// The objects loaded into one program, by the names they were loaded under and their <c>DT_SONAME</c>s. ld.so
/// checks these before searching (<c>_dl_name_match_p</c>), so a library can depend on one that only the program's
/// <c>DT_RUNPATH</c> finds.
/// </summary>
internal sealed class LinkMap
{
    private readonly Dictionary<string, (string Path, PathResolution Resolution)> _byName = new(StringComparer.Ordinal);

    /// <summary>Records an object under a name, unless that name is already taken (the first load wins).</summary>
    public void Record(string name, string path, PathResolution resolution) => _byName.TryAdd(name, (path, resolution));

    public bool TryGet(string name, out string path, out PathResolution resolution)
    {
        if (_byName.TryGetValue(name, out var entry))
        {
            (path, resolution) = entry;
            return true;
        }

        path = "";
        resolution = null!;
        return false;
    }
}
