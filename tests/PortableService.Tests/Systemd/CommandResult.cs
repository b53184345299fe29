using System.Text;

namespace PortableService.Tests.Systemd;

/// <summary>What a finished (or timed-out) command left behind.</summary>
public sealed record CommandResult(
    IReadOnlyList<string> Command,
    int ExitCode,
    string StandardOutput,
    string StandardError,
    TimeSpan Duration,
    bool TimedOut)
{
    /// <summary>Exit code 0 within the time limit.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>Standard output split into lines, without trailing empty lines.</summary>
    public IReadOnlyList<string> OutputLines => SplitLines(StandardOutput);

    /// <summary>Throws <see cref="CommandFailedException"/> unless the command succeeded.</summary>
    public CommandResult EnsureSuccess() => Succeeded ? this : throw new CommandFailedException(this);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append('`').Append(ShellQuote.Join(Command)).Append('`');
        text.Append(TimedOut ? $" timed out after {Duration.TotalSeconds:0.0} s" : $" exited with {ExitCode} after {Duration.TotalSeconds:0.00} s");
        AppendStream(text, "stdout", StandardOutput);
        AppendStream(text, "stderr", StandardError);
        return text.ToString();
    }

    internal static IReadOnlyList<string> SplitLines(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static void AppendStream(StringBuilder text, string name, string content)
    {
        if (content.Length == 0)
        {
            return;
        }

        const int Limit = 8000;
        text.AppendLine().Append("--- ").Append(name).AppendLine(" ---");
        text.Append(content.Length > Limit ? "[...]" + content[^Limit..] : content.TrimEnd());
    }
}

/// <summary>A command that had to succeed did not.</summary>
public sealed class CommandFailedException(CommandResult result) : Exception(result.ToString())
{
    public CommandResult Result { get; } = result;
}

internal static class ShellQuote
{
    public static string Join(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));

    public static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
