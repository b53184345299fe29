using System.IO.Enumeration;
using System.Text;
using PortableService.FileTrees;

namespace PortableService.Closure.Elf;

/// <summary>
/// The directories <c>ldconfig</c> puts in the cache, from <c>/etc/ld.so.conf</c>: one directory a line, <c>#</c>
/// comments, <c>include GLOB...</c> (relative to the including file's directory), <c>hwcap</c> lines ignored, and an
/// old <c>=TYPE</c> suffix dropped.
/// </summary>
internal static class LdSoConfig
{
    private const int MaxIncludeDepth = 16;
    private const int MaxFileBytes = 1 << 20;

    /// <summary>The directories, in order and without duplicates; missing files give none.</summary>
    public static IReadOnlyList<string> ReadDirectories(PathResolver files, string path)
    {
        var directories = new List<string>();
        var seenDirectories = new HashSet<string>(StringComparer.Ordinal);
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        Read(files, path, directories, seenDirectories, seenFiles, 0);
        return directories;
    }

    private static void Read(PathResolver files, string path, List<string> directories, HashSet<string> seenDirectories, HashSet<string> seenFiles, int depth)
    {
        if (depth > MaxIncludeDepth || !seenFiles.Add(path))
        {
            return;
        }

        string[] lines;
        try
        {
            lines = files.ReadFile(path, MaxFileBytes) is { } bytes ? Encoding.UTF8.GetString(bytes).Split('\n') : [];
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
                    foreach (var file in Glob(files, pattern.StartsWith('/') ? pattern : System.IO.Path.Combine(baseDirectory, pattern)))
                    {
                        Read(files, file, directories, seenDirectories, seenFiles, depth + 1);
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
    private static string[] Glob(PathResolver files, string pattern)
    {
        var directory = System.IO.Path.GetDirectoryName(pattern);
        var name = System.IO.Path.GetFileName(pattern);
        if (string.IsNullOrEmpty(directory) || string.IsNullOrEmpty(name))
        {
            return [];
        }

        if (name.IndexOfAny(['*', '?', '[']) < 0)
        {
            return [pattern];
        }

        var resolution = files.Resolve(directory);
        if (!resolution.Succeeded || resolution.Node.Kind != FileNodeKind.Directory)
        {
            return [];
        }

        try
        {
            return files.Tree.ListDirectory(resolution.RealPath!)
                .Where(n => FileSystemName.MatchesSimpleExpression(name, n, ignoreCase: false))
                .Select(n => UnixPath.Join(directory, n))
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
