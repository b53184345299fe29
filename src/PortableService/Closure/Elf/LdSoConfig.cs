namespace PortableService.Closure.Elf;

/// <summary>
/// The directories <c>ldconfig</c> puts in the cache, from <c>/etc/ld.so.conf</c>: one directory a line, <c>#</c>
/// comments, <c>include GLOB...</c> (relative to the including file's directory), <c>hwcap</c> lines ignored, and an
/// old <c>=TYPE</c> suffix dropped.
/// </summary>
internal static class LdSoConfig
{
    private const int MaxIncludeDepth = 16;

    /// <summary>The directories, in order and without duplicates; missing files give none.</summary>
    public static IReadOnlyList<string> ReadDirectories(string path)
    {
        var directories = new List<string>();
        var seenDirectories = new HashSet<string>(StringComparer.Ordinal);
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        Read(path, directories, seenDirectories, seenFiles, 0);
        return directories;
    }

    private static void Read(string path, List<string> directories, HashSet<string> seenDirectories, HashSet<string> seenFiles, int depth)
    {
        if (depth > MaxIncludeDepth || !seenFiles.Add(path))
        {
            return;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        var baseDirectory = System.IO.Path.GetDirectoryName(path) ?? "/";
        foreach (var raw in lines)
        {
            var line = raw;
            var hash = line.IndexOf('#');
            if (hash >= 0)
            {
                line = line[..hash];
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (IsKeyword(line, "include"))
            {
                foreach (var pattern in line[7..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    foreach (var file in Glob(pattern.StartsWith('/') ? pattern : System.IO.Path.Combine(baseDirectory, pattern)))
                    {
                        Read(file, directories, seenDirectories, seenFiles, depth + 1);
                    }
                }
            }
            else if (IsKeyword(line, "hwcap"))
            {
                continue;
            }
            else
            {
                var equals = line.IndexOf('=');
                if (equals >= 0)
                {
                    line = line[..equals];
                }

                line = line.TrimEnd().TrimEnd('/');
                if (line.StartsWith('/') && seenDirectories.Add(line))
                {
                    directories.Add(line);
                }
            }
        }
    }

    private static bool IsKeyword(string line, string keyword) =>
        line.Length > keyword.Length && line.StartsWith(keyword, StringComparison.Ordinal) && char.IsWhiteSpace(line[keyword.Length]);

    /// <summary>Expands a pattern with <c>*</c>/<c>?</c> in its last component, sorted like glob(3).</summary>
    private static IEnumerable<string> Glob(string pattern)
    {
        var directory = System.IO.Path.GetDirectoryName(pattern);
        var name = System.IO.Path.GetFileName(pattern);
        if (string.IsNullOrEmpty(directory) || string.IsNullOrEmpty(name))
        {
            return [];
        }

        if (name.IndexOfAny(['*', '?', '[']) < 0)
        {
            return File.Exists(pattern) ? [pattern] : [];
        }

        try
        {
            var matches = Directory.EnumerateFiles(directory, name, new EnumerationOptions { MatchType = MatchType.Simple, IgnoreInaccessible = true })
                .ToArray();
            Array.Sort(matches, StringComparer.Ordinal);
            return matches;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
