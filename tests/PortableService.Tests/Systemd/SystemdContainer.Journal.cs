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
    public IReadOnlyList<string> ReadUnitJournal(string unit, string? afterCursor = null) =>
        ReadJournal(["_SYSTEMD_UNIT=" + unit], afterCursor).Select(e => e.Message).ToList();

    /// <summary>
    /// The unit's own entries (<c>_SYSTEMD_UNIT=UNIT</c>) with who logged them, after <paramref name="afterCursor"/>.
    /// </summary>
    public IReadOnlyList<JournalEntry> ReadUnitJournalEntries(string unit, string? afterCursor = null) =>
        ReadJournal(["_SYSTEMD_UNIT=" + unit], afterCursor);

    /// <summary>
    /// Everything about the unit (<c>journalctl -u UNIT</c>: its own lines and systemd's "Starting...", "Failed at
    /// step ..." and "Main process exited" lines about it), after <paramref name="afterCursor"/>.
    /// </summary>
    public IReadOnlyList<string> ReadJournalAbout(string unit, string? afterCursor = null) =>
        ReadJournal(["-u", unit], afterCursor).Select(e => e.Message).ToList();

    /// <summary>
    /// Every entry after <paramref name="afterCursor"/>, whoever logged it. For lines a unit's forked child logs
    /// before it execs (systemd's "Failed at step EXEC spawning ...", "Failed to set up mount namespacing: ..."):
    /// journald tags a datagram with the sender's unit from /proc/PID/cgroup, and when the child has already exited
    /// the line has no _SYSTEMD_UNIT, so <c>journalctl -u</c> misses it now and then.
    /// </summary>
    public IReadOnlyList<string> ReadJournalSince(string afterCursor) =>
        ReadJournal([], afterCursor).Select(e => e.Message).ToList();

    /// <summary>Like <see cref="WaitForUnitJournal"/>, over every entry after the cursor (<see cref="ReadJournalSince"/>).</summary>
    public IReadOnlyList<string> WaitForJournalSince(string afterCursor, Func<IReadOnlyList<string>, bool> until, TimeSpan? timeout = null) =>
        WaitForJournal((_, cursor) => ReadJournalSince(cursor!), null, afterCursor, until, timeout);

    private List<JournalEntry> ReadJournal(IEnumerable<string> match, string? afterCursor)
    {
        var argv = new List<string> { "journalctl", "--no-pager", "-o", "json" };
        argv.AddRange(match);
        if (afterCursor is not null)
        {
            argv.Add("--cursor=" + afterCursor);
        }

        var entries = new List<JournalEntry>();
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

            entries.Add(new JournalEntry(
                root.TryGetProperty("MESSAGE", out var message) ? MessageText(message) : "",
                root.TryGetProperty("SYSLOG_IDENTIFIER", out var identifier) ? identifier.GetString() ?? "" : "",
                root.TryGetProperty("_PID", out var pid) ? pid.GetString() ?? "" : "",
                root.TryGetProperty("_SYSTEMD_UNIT", out var systemdUnit) ? systemdUnit.GetString() ?? "" : ""));
        }

        return entries;
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
        string unit, string? afterCursor, Func<IReadOnlyList<string>, bool> until, TimeSpan? timeout = null) =>
        WaitForJournal(ReadUnitJournal, unit, afterCursor, until, timeout);

    /// <summary>Like <see cref="WaitForUnitJournal"/>, over everything about the unit (<see cref="ReadJournalAbout"/>).</summary>
    public IReadOnlyList<string> WaitForJournalAbout(
        string unit, string? afterCursor, Func<IReadOnlyList<string>, bool> until, TimeSpan? timeout = null) =>
        WaitForJournal(ReadJournalAbout, unit, afterCursor, until, timeout);

    private IReadOnlyList<string> WaitForJournal(
        Func<string, string?, IReadOnlyList<string>> read, string? unit, string? afterCursor, Func<IReadOnlyList<string>, bool> until, TimeSpan? timeout)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var lines = read(unit ?? "", afterCursor);
            if (until(lines))
            {
                return lines;
            }

            if (stopwatch.Elapsed > limit)
            {
                var argv = new List<string> { "journalctl", "--no-pager", "-o", "short-precise" };
                argv.AddRange(unit is null ? [] : ["-u", unit]);
                argv.AddRange(afterCursor is null ? [] : ["--cursor=" + afterCursor]);
                var everything = Run([.. argv]);
                throw new SystemdContainerException(
                    $"The journal{(unit is null ? "" : " of " + unit)} did not show what was expected within {limit.TotalSeconds} s. What was read:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, lines) + Environment.NewLine + "journalctl:" + Environment.NewLine + everything);
            }

            Thread.Sleep(100);
        }
    }
}

/// <summary>One journal entry: the message, the logging program's identifier and PID, and its unit (<c>_SYSTEMD_UNIT</c>).</summary>
public sealed record JournalEntry(string Message, string Identifier, string Pid, string SystemdUnit);
