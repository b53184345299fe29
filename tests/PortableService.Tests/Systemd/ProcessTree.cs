using System.Diagnostics;

namespace PortableService.Tests.Systemd;

/// <summary>Process relations read from /proc.</summary>
internal static class ProcessTree
{
    /// <summary>Direct children of a process.</summary>
    public static IEnumerable<int> ChildrenOf(int parentPid)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid ...": comm may contain spaces and parentheses.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], out var ppid) && ppid == parentPid)
            {
                yield return pid;
            }
        }
    }

    /// <summary>All descendants, parents before children.</summary>
    public static IReadOnlyList<int> DescendantsOf(int pid)
    {
        var result = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.Count > 0)
        {
            foreach (var child in ChildrenOf(queue.Dequeue()))
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>
    /// Kills a process's descendants first, then the process if it is still there. For nsenter this matters:
    /// killed first, nsenter leaves its child (inside the container's PID namespace) to the host's PID 1, which
    /// may never reap it, and the zombie then holds up the container's shutdown for 10 s.
    /// </summary>
    public static void KillDescendantsFirst(Process process, TimeSpan waitForRoot)
    {
        foreach (var descendant in DescendantsOf(process.Id))
        {
            NativeMethods.Kill(descendant, NativeMethods.SIGKILL);
        }

        if (process.WaitForExit(waitForRoot))
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
