using System.Text;

namespace PortableService.Spec;

/// <summary>Paths inside the image: always absolute, <c>/</c>-separated, without <c>.</c>, <c>..</c> or empty components.</summary>
public static class ImagePath
{
    /// <summary>The longest file name Linux accepts (NAME_MAX).</summary>
    public const int MaxComponentBytes = 255;

    /// <summary>
    /// Normalises <paramref name="path"/> (absolute, or relative to the image root) lexically: repeated and trailing
    /// slashes and <c>.</c> components go, <c>..</c> removes the previous component. Returns
    /// <see cref="ImagePathProblem.None"/> and the result (e.g. <c>/etc/ssl</c>) when the path names something below
    /// the root.
    /// </summary>
    public static ImagePathProblem Normalize(string path, out string? normalized)
    {
        ArgumentNullException.ThrowIfNull(path);
        normalized = null;
        if (path.Length == 0)
        {
            return ImagePathProblem.Empty;
        }

        if (path.Contains('\0'))
        {
            return ImagePathProblem.InvalidCharacter;
        }

        var components = new List<string>();
        foreach (string component in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (component == ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (components.Count == 0)
                {
                    return ImagePathProblem.EscapesRoot;
                }

                components.RemoveAt(components.Count - 1);
                continue;
            }

            if (Encoding.UTF8.GetByteCount(component) > MaxComponentBytes)
            {
                return ImagePathProblem.ComponentTooLong;
            }

            components.Add(component);
        }

        if (components.Count == 0)
        {
            return ImagePathProblem.Root;
        }

        normalized = "/" + string.Join('/', components);
        return ImagePathProblem.None;
    }

    /// <summary>True when <paramref name="ancestor"/> is a proper ancestor of <paramref name="path"/> (both normalised).</summary>
    public static bool IsUnder(string path, string ancestor)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(ancestor);
        return ancestor == "/"
            ? path.Length > 1 && path[0] == '/'
            : path.Length > ancestor.Length && path[ancestor.Length] == '/' && path.StartsWith(ancestor, StringComparison.Ordinal);
    }
}
