using System.Text;

namespace PortableService.Systemd;

/// <summary>
/// systemd's unit-file syntax, read once for everyone: sections, <c>KEY=VALUE</c> assignments, lines continued with a
/// trailing backslash, and <c>#</c>/<c>;</c> comments (skipped inside continued lines too, as systemd does).
/// </summary>
public static class UnitFile
{
    /// <summary>Every logical line in order: assignments with their section, and the other lines (Key null) as they are.</summary>
    public static IEnumerable<UnitFileLine> Lines(string text)
    {
        string? section = null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var builder = new StringBuilder();
        var raw = new StringBuilder();
        var continuing = false;
        foreach (var line in lines)
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('#') || trimmed.StartsWith(';'))
            {
                // A comment, also inside a continued line, where systemd skips it too.
                yield return new UnitFileLine(section, null, "", line);
                continue;
            }

            raw.Append(line).Append('\n');
            var continues = line.EndsWith('\\');
            builder.Append(continues ? line[..^1] + " " : line);
            continuing = continues;
            if (continuing)
            {
                continue;
            }

            var logical = builder.ToString();
            var rawText = raw.ToString();
            builder.Clear();
            raw.Clear();
            var equals = logical.IndexOf('=');
            var stripped = logical.Trim();
            if (stripped.StartsWith('[') && stripped.EndsWith(']'))
            {
                section = stripped[1..^1];
            }

            if (stripped.StartsWith('[') || equals < 0)
            {
                yield return new UnitFileLine(section, null, "", rawText);
                continue;
            }

            yield return new UnitFileLine(section, logical[..equals].Trim(), logical[(equals + 1)..].TrimStart(), rawText);
        }

        if (builder.Length > 0)
        {
            var logical = builder.ToString();
            var equals = logical.IndexOf('=');
            yield return equals < 0 ? new UnitFileLine(section, null, "", raw.ToString()) : new UnitFileLine(section, logical[..equals].Trim(), logical[(equals + 1)..].TrimStart(), raw.ToString());
        }
    }

    /// <summary>The absolute program of each command line in an <c>Exec*=</c> value.</summary>

    /// <summary>The assignments of one section, in order (an empty value is kept: it resets a list setting).</summary>
    public static IEnumerable<(string Key, string Value)> Settings(string text, string section) =>
        Lines(text).Where(l => l.Key is not null && l.Section == section).Select(l => (l.Key!, l.Value));
}
