using System.Text;
using PortableService.FileTrees;

namespace PortableService.Systemd;

/// <summary>
/// The os-release(5) format: lines <c>KEY=value</c>, shell-compatible quoting. <see cref="Parse"/> reads what any
/// builder writes; <see cref="Format"/> writes every value double-quoted and escaped.
/// </summary>
public static class OsRelease
{
    /// <summary>Where portabled looks for an image's os-release, in order.</summary>
    public static IReadOnlyList<string> ImagePaths { get; } = ["/etc/os-release", "/usr/lib/os-release"];

    /// <summary>The largest os-release or extension-release file read from an image: they hold a few lines.</summary>
    internal const long MaxFileSize = 1 << 20;

    /// <summary>The image's os-release, the first of <see cref="ImagePaths"/> that is a file: its path and fields; null when there is none.</summary>
    /// <exception cref="IOException">It cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">It cannot be read.</exception>
    internal static (string Path, IReadOnlyDictionary<string, string> Fields)? Read(PathResolver image)
    {
        foreach (var path in ImagePaths)
        {
            if (image.ReadFile(path, MaxFileSize) is { } bytes)
            {
                return (path, Parse(Encoding.UTF8.GetString(bytes)));
            }
        }

        return null;
    }

    /// <summary>True for keys that may be written: upper-case letters, digits and <c>_</c>.</summary>
    public static bool IsValidKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            return false;
        }

        foreach (char c in key)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for values that may be written: no line break and no NUL.</summary>
    public static bool IsValidValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny('\n', '\r', '\0') < 0;
    }

    /// <summary>True for an <c>ID=</c> value: non-empty, lower-case letters, digits, <c>.</c>, <c>_</c> and <c>-</c>.</summary>
    public static bool IsValidId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Length > 0 && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');
    }

    /// <summary>
    /// <paramref name="value"/> as os-release(5) wants it: in double quotes, with <c>\</c>, <c>"</c>, <c>$</c> and
    /// backtick escaped by a backslash.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            if (c is '\\' or '"' or '$' or '`')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// The file's text: one <c>KEY="value"</c> line per field, in order. Throws <see cref="ArgumentException"/> for a
    /// key that is not <c>[A-Z0-9_]+</c> or a value with a line break or NUL.
    /// </summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var builder = new StringBuilder();
        foreach ((string key, string value) in fields)
        {
            if (!IsValidKey(key))
            {
                throw new ArgumentException($"'{key}' is not an os-release key: keys are upper-case letters, digits and '_'.", nameof(fields));
            }

            if (!IsValidValue(value))
            {
                throw new ArgumentException($"The value of {key} holds a line break or NUL, which os-release cannot hold.", nameof(fields));
            }

            builder.Append(key).Append('=').Append(Quote(value)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Reads os-release(5) text, as systemd does: blank lines and lines starting with <c>#</c> or <c>;</c> are skipped;
    /// values may be unquoted (a backslash escapes the next character, trailing blanks are dropped), in single
    /// quotes (literal) or in double quotes (a backslash escapes <c>\ " $ `</c>), in any concatenation; a backslash
    /// before a line break continues the line. Lines without <c>=</c> or with an invalid key (not
    /// <c>[A-Za-z_][A-Za-z0-9_]*</c>) are ignored; a repeated key keeps its first place and its last value.
    /// </summary>
    public static OrderedDictionary<string, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        string s = text.Replace("\r\n", "\n");
        int i = 0;
        while (i < s.Length)
        {
            // Line start: skip blanks, comments and empty lines.
            while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r')
            {
                i++;
            }

            if (i >= s.Length)
            {
                break;
            }

            if (s[i] is '#' or ';')
            {
                i = LineEnd(s, i);
                continue;
            }

            int keyStart = i;
            while (i < s.Length && s[i] is not ('=' or '\n'))
            {
                i++;
            }

            if (i >= s.Length || s[i] == '\n')
            {
                continue; // No '=': not an assignment.
            }

            string key = s[keyStart..i].Trim(' ', '\t');
            i++; // '='
            while (i < s.Length && s[i] is ' ' or '\t')
            {
                i++;
            }

            string value = ReadValue(s, ref i);
            if (IsEnvironmentName(key))
            {
                fields[key] = value;
            }
        }

        return fields;
    }

    /// <summary>Reads an os-release file; null when it does not exist.</summary>
    public static OrderedDictionary<string, string>? ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : null;
    }

    private static string ReadValue(string s, ref int i)
    {
        var value = new StringBuilder();
        int kept = 0; // Length up to the last character that is not unquoted trailing whitespace.
        while (i < s.Length && s[i] != '\n')
        {
            char c = s[i++];
            switch (c)
            {
                case '\'':
                    while (i < s.Length && s[i] != '\'')
                    {
                        value.Append(s[i++]);
                    }

                    i = Math.Min(i + 1, s.Length);
                    kept = value.Length;
                    break;
                case '"':
                    while (i < s.Length && s[i] != '"')
                    {
                        char d = s[i++];
                        if (d == '\\' && i < s.Length)
                        {
                            char escaped = s[i++];
                            if (escaped is '"' or '\\' or '`' or '$')
                            {
                                value.Append(escaped);
                            }
                            else if (escaped != '\n')
                            {
                                value.Append('\\').Append(escaped);
                            }
                        }
                        else
                        {
                            value.Append(d);
                        }
                    }

                    i = Math.Min(i + 1, s.Length);
                    kept = value.Length;
                    break;
                case '\\':
                    if (i < s.Length)
                    {
                        char escaped = s[i++];
                        if (escaped != '\n')
                        {
                            value.Append(escaped);
                            kept = value.Length;
                        }
                    }

                    break;
                default:
                    value.Append(c);
                    if (c is not (' ' or '\t'))
                    {
                        kept = value.Length;
                    }

                    break;
            }
        }

        return value.ToString(0, kept);
    }

    private static int LineEnd(string s, int i)
    {
        int end = s.IndexOf('\n', i);
        return end < 0 ? s.Length : end + 1;
    }

    private static bool IsEnvironmentName(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
