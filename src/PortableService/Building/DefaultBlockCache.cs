using Squashfs.Caching;

namespace PortableService.Building;

/// <summary>Where builds keep compressed blocks unless told otherwise, for the CLI, MSBuild and the .NET API alike.</summary>
public static class DefaultBlockCache
{
    /// <summary><c>$XDG_CACHE_HOME/portable-service</c>, else <c>~/.cache/portable-service</c> (the XDG base directory rule).</summary>
    public static string Directory()
    {
        // XDG: a relative $XDG_CACHE_HOME is invalid and is ignored.
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Join(root, "portable-service");
    }

    /// <summary>The cache at <see cref="Directory"/>, with the default size limit unless <paramref name="sizeLimit"/> is given.</summary>
    public static BlockCache Create(long? sizeLimit = null) => new(Directory(), sizeLimit);
}
