using System.Globalization;
using System.Text;

namespace PortableService.Systemd;

/// <summary>
/// Splits a unit setting's value into words as systemd's <c>extract_first_word</c> does with unquoting and C
/// unescaping: command lines (<c>ExecStart=</c>) and lists of assignments (<c>Environment=</c>) alike.
/// </summary>
internal static class UnitWords
{
    /// <summary>The words of <paramref name="value"/>; <c>Quoted</c> tells a word that was quoted or escaped (<c>"\;"</c> is a literal semicolon, not a separator).</summary>
    public static IEnumerable<(string Word, bool Quoted)> Split(string value)
    {
        var i = 0;
        while (true)
        {
            while (i < value.Length && char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            if (i >= value.Length)
            {
                yield break;
            }

            var word = new StringBuilder();
            var quoted = false;
            char quote = '\0';
            for (; i < value.Length; i++)
            {
                var c = value[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    else if (c == '\\' && i + 1 < value.Length)
                    {
                        i = Unescape(value, i, word);
                    }
                    else
                    {
                        word.Append(c);
                    }

                    continue;
                }

                if (char.IsWhiteSpace(c))
                {
                    break;
                }

                if (c is '"' or '\'')
                {
                    quote = c;
                    quoted = true;
                }
                else if (c == '\\' && i + 1 < value.Length)
                {
                    // "\;" is a literal semicolon argument, not a separator.
                    quoted |= value[i + 1] == ';';
                    i = Unescape(value, i, word);
                }
                else
                {
                    word.Append(c);
                }
            }

            yield return (word.ToString(), quoted);
        }
    }

    /// <summary>Appends the character escaped at <paramref name="at"/> (a backslash); returns the index of its last character.</summary>
    private static int Unescape(string value, int at, StringBuilder word)
    {
        var c = value[at + 1];
        switch (c)
        {
            case 'a': word.Append('\a'); return at + 1;
            case 'b': word.Append('\b'); return at + 1;
            case 'f': word.Append('\f'); return at + 1;
            case 'n': word.Append('\n'); return at + 1;
            case 'r': word.Append('\r'); return at + 1;
            case 't': word.Append('\t'); return at + 1;
            case 'v': word.Append('\v'); return at + 1;
            case 's': word.Append(' '); return at + 1;
            case 'x' when at + 3 < value.Length && IsHex(value.AsSpan(at + 2, 2)):
                word.Append((char)int.Parse(value.AsSpan(at + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                return at + 3;
            case 'u' when at + 5 < value.Length && IsHex(value.AsSpan(at + 2, 4)):
                word.Append((char)int.Parse(value.AsSpan(at + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                return at + 5;
            case >= '0' and <= '7' when at + 3 < value.Length && value[at + 2] is >= '0' and <= '7' && value[at + 3] is >= '0' and <= '7':
                word.Append((char)(((c - '0') << 6) | ((value[at + 2] - '0') << 3) | (value[at + 3] - '0')));
                return at + 3;
            default:
                word.Append(c);
                return at + 1;
        }
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
