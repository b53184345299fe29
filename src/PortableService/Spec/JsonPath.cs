using System.Text;

namespace PortableService.Spec;

/// <summary>Builds the JSON paths that diagnostics name: <c>$.units[0]</c>, <c>$.osRelease['my key']</c>.</summary>
internal static class JsonPath
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        IsPlain(name) ? parent + "." + name : parent + "['" + name.Replace("\\", "\\\\").Replace("'", "\\'") + "']";

    public static string Index(string parent, int index) => parent + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies inside it.</summary>
    public static bool IsAtOrUnder(string path, string ancestor) =>
        path == ancestor
        || (path.Length > ancestor.Length && path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] is '.' or '[');

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or '$'))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Describe(System.Text.Json.JsonValueKind kind) => kind switch
    {
        System.Text.Json.JsonValueKind.Object => "object",
        System.Text.Json.JsonValueKind.Array => "array",
        System.Text.Json.JsonValueKind.String => "string",
        System.Text.Json.JsonValueKind.Number => "number",
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
        System.Text.Json.JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>A list of keys for a message: 'a', 'b' or 'c'.</summary>
    public static string ListKeys(IReadOnlyList<string> keys)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < keys.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(i == keys.Count - 1 ? " and " : ", ");
            }

            builder.Append('\'').Append(keys[i]).Append('\'');
        }

        return builder.ToString();
    }
}
