using System.Text;
using System.Text.RegularExpressions;
using PortableService.Closure.Nix;
using PortableService.Systemd;

namespace PortableService.Closure;

/// <summary>
/// The roots a unit file names: the program of every command line in <c>ExecStart=</c>, <c>ExecStartPre=</c>,
/// <c>ExecStartPost=</c>, <c>ExecCondition=</c>, <c>ExecReload=</c>, <c>ExecStop=</c>, <c>ExecStopPost=</c> (and a
/// socket's <c>ExecStopPre=</c>) when it is an absolute path, and every Nix store path anywhere in the text (comments
/// included: Nix scans the whole file too).
/// </summary>
/// <remarks>
/// Command lines are split as systemd splits them: words with quotes and C escapes, several commands separated by a
/// lone <c>;</c>, and the prefixes <c>@ - : + ! !! |</c> before the program (systemd.service(5), "Command lines").
/// An empty assignment resets the list of that setting, as it does for systemd. A program with a specifier
/// (<c>%h/bin/x</c>) or a relative name (found on systemd's search path in the image) is not a root.
/// </remarks>
public static class UnitFileRoots
{
    private static readonly HashSet<string> s_execKeys = new(StringComparer.Ordinal)
    {
        "ExecStart", "ExecStartPre", "ExecStartPost", "ExecCondition", "ExecReload", "ExecStop", "ExecStopPost", "ExecStopPre",
    };

    /// <summary>The roots in <paramref name="unitText"/>, in order and without duplicates.</summary>
    /// <param name="unitName">The unit's file name, for reasons (<c>unit hello.service ExecStart=</c>).</param>
    /// <param name="unitText">The unit file's text.</param>
    /// <param name="storeDirectory">The Nix store directory (<c>/nix/store</c>).</param>
    public static IReadOnlyList<ClosureRoot> Extract(string unitName, string unitText, string storeDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitName);
        ArgumentNullException.ThrowIfNull(unitText);
        ArgumentException.ThrowIfNullOrEmpty(storeDirectory);

        var storeRoots = new List<(string Key, string StorePath)>();
        var storePattern = StorePathPattern(storeDirectory.Length > 1 ? storeDirectory.TrimEnd('/') : storeDirectory);
        foreach (var (key, _, raw) in UnitFile.Lines(unitText).Select(l => (l.Key, l.Value, l.Raw)))
        {
            foreach (Match match in storePattern.Matches(raw))
            {
                storeRoots.Add((key ?? "", match.Value));
            }
        }

        var execRoots = ExecPrograms(unitText).Where(p => p.Program.StartsWith('/'));
        var roots = new List<ClosureRoot>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, program) in execRoots)
        {
            if (seen.Add(program))
            {
                roots.Add(new ClosureRoot(program, $"unit {unitName} {key}=", Required: true));
            }
        }

        foreach (var (key, storePath) in storeRoots)
        {
            if (seen.Add(storePath))
            {
                roots.Add(new ClosureRoot(storePath, key.Length > 0 ? $"unit {unitName} {key}=" : $"unit {unitName}"));
            }
        }

        return roots;
    }

    /// <summary>
    /// The program of every command line in the unit's Exec settings, in order, after the prefixes and with an empty
    /// assignment resetting its setting as systemd does. Relative names (found on systemd's search path) are kept;
    /// programs with specifiers other than <c>%%</c> are left out.
    /// </summary>
    public static IReadOnlyList<(string Key, string Program)> ExecPrograms(string unitText)
    {
        ArgumentNullException.ThrowIfNull(unitText);
        var programs = new List<(string Key, string Program)>();
        foreach (var (key, value, _) in UnitFile.Lines(unitText).Select(l => (l.Key, l.Value, l.Raw)))
        {
            if (key is null || !s_execKeys.Contains(key))
            {
                continue;
            }

            if (value.Trim().Length == 0)
            {
                programs.RemoveAll(r => r.Key == key);
                continue;
            }

            foreach (var program in Programs(value))
            {
                programs.Add((key, program));
            }
        }

        return programs;
    }

    private static Regex StorePathPattern(string storeDirectory) =>
        new(Regex.Escape(storeDirectory) + "/[" + NixBase32.Alphabet + "]{32}-[A-Za-z0-9+\\-_?=][A-Za-z0-9+\\-._?=]*", RegexOptions.CultureInvariant);

    /// <summary>
    /// The unit's logical lines: continuation lines (ending in a backslash) joined with a space, comment lines
    /// skipped (but still given as raw text, to find store paths in them), each split into key and value.
    /// </summary>
    private static IEnumerable<string> Programs(string value)
    {
        var atCommandStart = true;
        foreach (var (word, quoted) in UnitWords.Split(value))
        {
            if (!quoted && word == ";")
            {
                atCommandStart = true;
                continue;
            }

            if (!atCommandStart)
            {
                continue;
            }

            atCommandStart = false;
            var program = StripPrefixes(word);
            if (ResolveSpecifiers(program) is { } resolved && resolved.Length > 0)
            {
                yield return resolved;
            }
        }
    }

    private static string StripPrefixes(string word)
    {
        var i = 0;
        while (i < word.Length && word[i] is '@' or '-' or ':' or '+' or '!' or '|')
        {
            i++;
        }

        return word[i..];
    }

    /// <summary>Replaces <c>%%</c> by <c>%</c>; null when another specifier is used (its value is not known here).</summary>
    private static string? ResolveSpecifiers(string program)
    {
        if (!program.Contains('%'))
        {
            return program;
        }

        var builder = new StringBuilder(program.Length);
        for (var i = 0; i < program.Length; i++)
        {
            if (program[i] != '%')
            {
                builder.Append(program[i]);
                continue;
            }

            if (i + 1 < program.Length && program[i + 1] == '%')
            {
                builder.Append('%');
                i++;
                continue;
            }

            return null;
        }

        return builder.ToString();
    }
}
