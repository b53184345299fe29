using System.Runtime.Versioning;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace PortableService.Tests.Systemd;

[SupportedOSPlatform("linux")]
public sealed partial class SystemdContainer
{
    /// <summary>The journal's current end: pass it to <see cref="ReadUnitJournal"/> to see only what comes after.</summary>
    public string JournalCursor()
    {
        var result = Run("journalctl", "--no-pager", "-n", "0", "--show-cursor").EnsureSuccess();
        const string Prefix = "-- cursor: ";
        var line = result.OutputLines.LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        return line?[Prefix.Length..].Trim()
            ?? throw new SystemdContainerException($"journalctl printed no cursor.{Environment.NewLine}{result}");
    }

    /// <summary>
    /// The messages logged by the unit's own processes (<c>_SYSTEMD_UNIT=UNIT</c>, so none of systemd's
    /// "Starting..." lines), after <paramref name="afterCursor"/> when given.
    /// </summary>
    /// <remarks>
    /// Not <c>journalctl --after-cursor=C MATCH</c>: systemd 252 then skips the first matching entry when the
    /// entry at C does not match (it seeks to C and steps twice). <c>--cursor=C</c> plus dropping C itself is exact.
    /// </remarks>
    public IReadOnlyList<string> ReadUnitJournal(string unit, string? afterCursor = null)
    {
        var argv = new List<string> { "journalctl", "--no-pager", "-o", "json", "_SYSTEMD_UNIT=" + unit };
        if (afterCursor is not null)
        {
            argv.Add("--cursor=" + afterCursor);
        }

        var messages = new List<string>();
        foreach (var line in Run([.. argv]).EnsureSuccess().OutputLines)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            if (afterCursor is not null
                && root.TryGetProperty("__CURSOR", out var cursor) && cursor.GetString() == afterCursor)
            {
                continue;
            }

            messages.Add(root.TryGetProperty("MESSAGE", out var message) ? MessageText(message) : "");
        }

        return messages;
    }

    /// <summary>journalctl's JSON gives MESSAGE as a string, or as an array of bytes when it is not valid UTF-8.</summary>
    private static string MessageText(JsonElement message) => message.ValueKind switch
    {
        JsonValueKind.String => message.GetString() ?? "",
        JsonValueKind.Array => Encoding.UTF8.GetString(message.EnumerateArray().Select(b => (byte)b.GetInt32()).ToArray()),
        _ => message.ToString(),
    };

    /// <summary>
    /// Polls <see cref="ReadUnitJournal"/> until <paramref name="until"/> holds (journald receives a unit's
    /// output asynchronously); fails with what was logged when it does not within the time limit.
    /// </summary>
    public IReadOnlyList<string> WaitForUnitJournal(
        string unit, string? afterCursor, Func<IReadOnlyList<string>, bool> until, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var lines = ReadUnitJournal(unit, afterCursor);
            if (until(lines))
            {
                return lines;
            }

            if (stopwatch.Elapsed > limit)
            {
                var everything = afterCursor is null
                    ? Run("journalctl", "--no-pager", "-o", "short-precise", "-u", unit)
                    : Run("journalctl", "--no-pager", "-o", "short-precise", "-u", unit, "--cursor=" + afterCursor);
                throw new SystemdContainerException(
                    $"The journal of {unit} did not show what was expected within {limit.TotalSeconds} s. Its own lines:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, lines) + Environment.NewLine + "All lines about it:" + Environment.NewLine + everything);
            }

            Thread.Sleep(100);
        }
    }
}
