using PortableService.FileTrees;

namespace PortableService.Closure.Nix;

/// <summary>
/// The hash part of every entry in the store directory, mapped to its store path: what a scan looks for. When a hash
/// has several entries (<c>X</c> and Nix's <c>X.lock</c>, <c>X.check</c>, <c>X.chroot</c>), the path itself wins.
/// </summary>
internal sealed class StoreHashIndex
{
    private static readonly string[] s_auxiliarySuffixes = [".lock", ".check", ".chroot"];

    private readonly Dictionary<NixHashKey, string> _paths;

    private StoreHashIndex(Dictionary<NixHashKey, string> paths) => _paths = paths;

    public int Count => _paths.Count;

    /// <summary>Lists the store directory once.</summary>
    /// <exception cref="IOException">The directory cannot be listed.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory cannot be listed.</exception>
    public static StoreHashIndex Build(string storeDirectory)
    {
        var paths = new Dictionary<NixHashKey, string>();
        foreach (var name in HostFileTree.List(storeDirectory))
        {
            if (!StorePath.IsValidName(name))
            {
                continue;
            }

            var key = NixBase32.Pack(name.AsSpan(0, NixBase32.HashLength));
            var path = UnixPath.Join(storeDirectory, name);
            if (!paths.TryGetValue(key, out var existing) || (IsAuxiliary(existing) && !IsAuxiliary(path)))
            {
                paths[key] = path;
            }
        }

        return new StoreHashIndex(paths);
    }

    public bool TryGet(NixHashKey key, out string storePath) => _paths.TryGetValue(key, out storePath!);

    private static bool IsAuxiliary(string path)
    {
        foreach (var suffix in s_auxiliarySuffixes)
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
