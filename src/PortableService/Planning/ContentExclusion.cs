using System.IO.Enumeration;

namespace PortableService.Planning;

/// <summary>
/// The globs a content leaves out (<see cref="ContentSpec.Exclude"/>): a pattern without <c>/</c> matches a name at any
/// depth, one with <c>/</c> matches the path relative to the content's source. A directory left out takes everything
/// below it along.
/// </summary>
public sealed class ContentExclusion
{
    private readonly string[] _patterns;
    private readonly string[] _names;
    private readonly string[] _paths;

    public ContentExclusion(IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _patterns = [.. patterns];
        _names = [.. patterns.Where(p => !p.Contains('/'))];
        _paths = [.. patterns.Where(p => p.Contains('/')).Select(p => p.Trim('/'))];
    }

    public static ContentExclusion None { get; } = new([]);

    /// <summary>These patterns and <paramref name="more"/>.</summary>
    public ContentExclusion With(IEnumerable<string> more) => new([.. _patterns, .. more]);

    public bool IsEmpty => _names.Length == 0 && _paths.Length == 0;

    /// <summary>Whether <paramref name="relativePath"/> (<c>sub/file.pdb</c>) or a directory above it is left out.</summary>
    public bool IsExcluded(string relativePath)
    {
        if (IsEmpty || relativePath.Length == 0)
        {
            return false;
        }

        var end = -1;
        do
        {
            var start = end + 1;
            end = relativePath.IndexOf('/', start);
            var stop = end < 0 ? relativePath.Length : end;
            var name = relativePath[start..stop];
            var prefix = relativePath[..stop];
            if (_names.Any(p => FileSystemName.MatchesSimpleExpression(p, name, ignoreCase: false))
                || _paths.Any(p => FileSystemName.MatchesSimpleExpression(p, prefix, ignoreCase: false)))
            {
                return true;
            }
        }
        while (end >= 0);

        return false;
    }
}
