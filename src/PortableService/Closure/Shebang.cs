using System.Text;

namespace PortableService.Closure;

/// <summary>
/// A script's <c>#!</c> line as Linux reads it: the interpreter up to the first blank, and the rest (trimmed) as one
/// optional argument, from the first 256 bytes.
/// </summary>
internal sealed record Shebang(string Line, string Interpreter, string? Argument)
{
    /// <summary>The kernel reads at most this much of the file for the #! line (BINPRM_BUF_SIZE).</summary>
    private const int MaxLineLength = 256;

    public static bool HasMagic(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == (byte)'#' && head[1] == (byte)'!';

    /// <summary>Parses the #! line; null when there is none or it names no interpreter.</summary>
    public static Shebang? Parse(ReadOnlySpan<byte> head)
    {
        if (!HasMagic(head))
        {
            return null;
        }

        var buffer = head[2..Math.Min(head.Length, MaxLineLength)];
        var newline = buffer.IndexOf((byte)'\n');
        var line = Encoding.UTF8.GetString(newline >= 0 ? buffer[..newline] : buffer).Trim(' ', '\t', '\r');
        if (line.Length == 0)
        {
            return null;
        }

        var blank = line.IndexOfAny([' ', '\t']);
        if (blank < 0)
        {
            return new Shebang(line, line, null);
        }

        var argument = line[blank..].Trim(' ', '\t');
        return new Shebang(line, line[..blank], argument.Length == 0 ? null : argument);
    }

    /// <summary>
    /// For <c>#!/usr/bin/env [OPTIONS] [NAME=VALUE]... COMMAND</c>, the command env runs; null for other interpreters.
    /// Understands <c>-S</c> (split the argument), <c>-i</c>, <c>-0</c>, <c>-v</c>, <c>-u NAME</c>, <c>-C DIR</c> and <c>--</c>.
    /// </summary>
    public string? EnvCommand
    {
        get
        {
            if (Argument is null || Path.GetFileName(Interpreter) != "env")
            {
                return null;
            }

            var words = Argument.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < words.Length; i++)
            {
                var word = words[i];
                if (word == "--")
                {
                    return i + 1 < words.Length ? words[i + 1] : null;
                }

                if (word is "-u" or "--unset" or "-C" or "--chdir")
                {
                    i++;
                    continue;
                }

                if (word.StartsWith("-S", StringComparison.Ordinal) && word.Length > 2)
                {
                    // "-Scommand": the rest of the word is the start of the split string.
                    var rest = word[2..];
                    if (!rest.StartsWith('-') && !rest.Contains('='))
                    {
                        return rest;
                    }

                    continue;
                }

                if (word.StartsWith('-') || word.Contains('='))
                {
                    continue;
                }

                return word;
            }

            return null;
        }
    }
}
