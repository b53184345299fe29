using System.Globalization;
using System.Text;
using PortableService.Diagnostics;

namespace PortableService.Cli.Output;

/// <summary>
/// Text from outside (a spec's values, an image's names and files) as it may be printed: control characters and
/// bidirectional overrides are shown as escapes (<c>\x1b</c>, <c>\u202e</c>) so that nothing printed can drive the
/// terminal or disguise itself, and a message is capped so that a huge value is not echoed whole.
/// </summary>
internal static class TerminalText
{
    /// <summary>The most characters of one message that are printed: room for the longest path Linux takes, and some.</summary>
    public const int MaxMessageLength = 8192;

    /// <summary>One diagnostic as a line: <c>error PS1234: message</c>, escaped and capped.</summary>
    public static string Line(Diagnostic diagnostic) =>
        Message($"{diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Code}: {diagnostic.Message}");

    /// <summary>A one-line message, escaped and capped at <see cref="MaxMessageLength"/> characters.</summary>
    public static string Message(string text)
    {
        var escaped = Escape(text, keepLineBreaks: false);
        return escaped.Length <= MaxMessageLength
            ? escaped
            : string.Create(CultureInfo.InvariantCulture, $"{escaped[..MaxMessageLength]}... ({escaped.Length - MaxMessageLength} more characters left out)");
    }

    /// <summary>Text of several lines (a unit file), escaped but whole.</summary>
    public static string Block(string text) => Escape(text, keepLineBreaks: true);

    private static string Escape(string text, bool keepLineBreaks)
    {
        if (!text.Any(c => NeedsEscape(c, keepLineBreaks)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!NeedsEscape(c, keepLineBreaks))
            {
                builder.Append(c);
            }
            else if (c <= 0xff)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c, bool keepLineBreaks) =>
        (c < 0x20 && c != '\t' && !(keepLineBreaks && c == '\n'))
        || c is >= '\x7f' and <= '\x9f'
        || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069';
}
