namespace PortableService.Closure.Nix;

/// <summary>Store path names: <c>STORE/HASH-NAME</c>, HASH 32 base-32 characters, NAME from <c>[A-Za-z0-9+-._?=]</c>.</summary>
internal static class StorePath
{
    /// <summary>True when <paramref name="name"/> is a store entry name (<c>HASH-NAME</c>).</summary>
    public static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.Length < NixBase32.HashLength + 2 || name[NixBase32.HashLength] != '-' || !NixBase32.IsHash(name[..NixBase32.HashLength]))
        {
            return false;
        }

        var rest = name[(NixBase32.HashLength + 1)..];
        if (rest[0] == '.')
        {
            return false;
        }

        foreach (var c in rest)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsNameChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '+' or '-' or '.' or '_' or '?' or '=';

    /// <summary>
    /// The store path that <paramref name="path"/> is or lies in (<c>/nix/store/HASH-NAME/bin/x</c> gives
    /// <c>/nix/store/HASH-NAME</c>); null when it is not under the store directory.
    /// </summary>
    public static string? Containing(string path, string storeDirectory)
    {
        if (path.Length <= storeDirectory.Length + 1 || !path.StartsWith(storeDirectory, StringComparison.Ordinal) || path[storeDirectory.Length] != '/')
        {
            return null;
        }

        var start = storeDirectory.Length + 1;
        var slash = path.IndexOf('/', start);
        var name = slash < 0 ? path.AsSpan(start) : path.AsSpan(start, slash - start);
        return IsValidName(name) ? (slash < 0 ? path : path[..slash]) : null;
    }

    /// <summary>The hash part of a store path's file name.</summary>
    public static string HashPart(string storePath) => Path.GetFileName(storePath)[..NixBase32.HashLength];
}
