namespace PortableService.FileTrees;

/// <summary>Joining and splitting absolute, normalised paths (no <c>.</c>, <c>..</c> or repeated slashes).</summary>
internal static class UnixPath
{
    /// <summary>Joins a directory and a name.</summary>
    public static string Join(string directory, string name) => directory == "/" ? "/" + name : directory + "/" + name;

    /// <summary>The parent of a path (the parent of / is /).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or below it.</summary>
    public static bool IsAtOrBelow(string path, string directory) =>
        directory == "/" || path == directory || (path.Length > directory.Length && path.StartsWith(directory, StringComparison.Ordinal) && path[directory.Length] == '/');
}
