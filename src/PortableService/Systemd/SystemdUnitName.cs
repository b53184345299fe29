using System.Text;

namespace PortableService.Systemd;

/// <summary>
/// systemd's rules for unit names (src/basic/unit-name.c, <c>unit_name_is_valid</c> with UNIT_NAME_ANY) and
/// portabled's for which units of an image it attaches (src/portable/portable.c, <c>unit_match</c> and
/// <c>prefix_match</c>).
/// </summary>
public static class SystemdUnitName
{
    /// <summary>UNIT_NAME_MAX: a unit name is shorter than this many bytes.</summary>
    public const int MaxLength = 256;

    /// <summary>The unit types systemd knows.</summary>
    public static IReadOnlyList<string> Types { get; } =
        ["service", "mount", "swap", "socket", "target", "device", "automount", "timer", "path", "slice", "scope"];

    /// <summary>The suffixes of the units portabled attaches; it ignores the other types.</summary>
    public static IReadOnlyList<string> PortableSuffixes { get; } = [".service", ".socket", ".target", ".timer", ".path"];

    /// <summary>Whether systemd accepts <paramref name="name"/> as a unit name (plain, template or instance).</summary>
    public static bool IsValid(string name) => Problem(name) is null;

    /// <summary>Why <paramref name="name"/> is not a valid unit name, as a clause for a message; null when it is valid.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (Encoding.UTF8.GetByteCount(name) >= MaxLength)
        {
            return $"it is longer than {MaxLength - 1} bytes";
        }

        int dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            return "it has no type suffix such as '.service'";
        }

        string type = name[(dot + 1)..];
        if (!Types.Contains(type))
        {
            return $"'.{type}' is not a unit type (systemd knows {string.Join(", ", Types.Select(t => "." + t))})";
        }

        for (int i = 0; i < dot; i++)
        {
            char c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.' or '\\' or '@'))
            {
                return $"it holds {Show(c)}, which unit names cannot contain (they use letters, digits, ':', '-', '_', '.', '\\' and '@')";
            }
        }

        return name[0] == '@' ? "it starts with '@', which leaves the template's prefix empty" : null;
    }

    /// <summary>Whether the unit's type is one portabled attaches (<see cref="PortableSuffixes"/>).</summary>
    public static bool IsPortableType(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int dot = name.LastIndexOf('.');
        return dot >= 0 && PortableSuffixes.Contains(name[dot..]);
    }

    /// <summary>
    /// portabled's prefix match: <paramref name="name"/> starts with <paramref name="prefix"/>, followed by '-', '.',
    /// '@' or nothing. (nixpkgs only tests the prefix, so it wrongly takes <c>foobar.service</c> for <c>foo</c>.)
    /// </summary>
    public static bool MatchesPrefix(string name, string prefix)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(prefix);
        return name.StartsWith(prefix, StringComparison.Ordinal)
            && (name.Length == prefix.Length || name[prefix.Length] is '-' or '.' or '@');
    }

    /// <summary>Whether portabled attaches a unit of this name from an image whose prefix is <paramref name="prefix"/>.</summary>
    public static bool IsAttachedBy(string name, string prefix) => IsValid(name) && IsPortableType(name) && MatchesPrefix(name, prefix);

    internal static string Show(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
