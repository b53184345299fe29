using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using PortableService.Spec;

namespace PortableService.Tests.Systemd;

/// <summary>
/// A Debian root (12 with systemd 252, or 13 with systemd 257: <see cref="SystemdRelease"/>) booted with
/// systemd-nspawn, systemd as its PID 1, commands run inside through nsenter.
/// </summary>
/// <remarks>
/// Boots without a systemd (or D-Bus) on the host: --register=no and --keep-unit keep nspawn off the host's
/// system bus, --volatile=overlay keeps the shared cached root untouched, --private-network isolates the
/// container's ports, --bind=/dev/loop-control plus /dev/loopN nodes made inside let portabled attach images.
/// The container is stopped by <see cref="Stop"/> or <see cref="Dispose"/>; a finalizer, a ProcessExit hook
/// and a detached watchdog (for a test host that is killed) make sure it never outlives the test process.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed partial class SystemdContainer : IDisposable
{
    /// <summary>Where <see cref="SystemdContainerOptions.ImagesToBind"/> appear inside.</summary>
    public const string ImageDirectory = "/srv/portable";

    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    private static readonly IReadOnlyDictionary<string, string> ContainerEnvironment = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["LANG"] = "C.UTF-8",
        ["TERM"] = "dumb",
        ["SYSTEMD_COLORS"] = "0",
        ["SYSTEMD_PAGER"] = "",
        ["PAGER"] = "cat",
        ["HOME"] = "/root",
    };

    private static readonly object s_gate = new();
    private static readonly Dictionary<int, LiveContainer> s_live = [];
    private static int s_counter;

    private readonly Process _nspawn;
    private readonly int _nspawnPid;
    private readonly BootLogBuffer _bootLog;
    private readonly Dictionary<string, string> _images;
    private readonly TimeSpan _commandTimeout;
    private IReadOnlyList<string> _cgroups = [];
    private int _leaderPid;
    private string _leaderPidNamespace = "";
    private int _stopped;

    static SystemdContainer()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllLive();
    }

    private SystemdContainer(Process nspawn, BootLogBuffer bootLog, string machineName, string rootDirectory,
        SystemdRelease release, Dictionary<string, string> images, TimeSpan commandTimeout)
    {
        Release = release;
        _nspawn = nspawn;
        _nspawnPid = nspawn.Id;
        _bootLog = bootLog;
        _images = images;
        _commandTimeout = commandTimeout;
        MachineName = machineName;
        RootDirectory = rootDirectory;
    }

    ~SystemdContainer()
    {
        // Only plain fields here: the Process object may already be finalized.
        if (_stopped == 0)
        {
            KillUnmanaged(new LiveContainer(_nspawnPid, _leaderPid, _leaderPidNamespace));
        }
    }

    /// <summary>The container's machine name (also its host name), unique per boot.</summary>
    public string MachineName { get; }

    /// <summary>The (read-only, overlaid) root it booted from.</summary>
    public string RootDirectory { get; }

    /// <summary>The release it was booted as (<see cref="SystemdContainerOptions.Release"/>).</summary>
    public SystemdRelease Release { get; }

    /// <summary>What the container's <c>systemctl --version</c> says (252, 257...), once booted.</summary>
    public int SystemdVersion { get; private set; }

    /// <summary>PID of the container's systemd (PID 1 inside), as the host sees it.</summary>
    public int LeaderPid => _leaderPid;

    /// <summary>PID of the systemd-nspawn process.</summary>
    public int NspawnPid => _nspawnPid;

    /// <summary>What <c>systemctl is-system-running --wait</c> said once boot finished: running or degraded.</summary>
    public string SystemState { get; private set; } = "";

    /// <summary>From starting systemd-nspawn until systemd inside reported running or degraded.</summary>
    public TimeSpan BootDuration { get; private set; }

    /// <summary>True once stopped (or once nspawn ended on its own).</summary>
    public bool HasExited => _stopped != 0 || _nspawn.HasExited;

    /// <summary>The console output of nspawn and the container so far (last lines, no colours).</summary>
    public string BootLog => _bootLog.ToString();

    /// <summary>Boots a container with each image bound read-only at /srv/portable/FILE-NAME.</summary>
    public static SystemdContainer Boot(IEnumerable<string> imagesToBind) =>
        Boot(new SystemdContainerOptions { ImagesToBind = imagesToBind.ToArray() });

    /// <summary>Boots a container and waits until systemd inside is running (or degraded).</summary>
    public static SystemdContainer Boot(SystemdContainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SystemdTestPrerequisites.RequireRootOnLinux();
        var nspawnPath = SystemdTestPrerequisites.RequireTool("systemd-nspawn");
        SystemdTestPrerequisites.RequireTool("nsenter");
        var root = options.RootDirectory ?? RootfsCache.GetOrCreate(options.Release);

        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        var binds = new List<SystemdContainerBind>();
        foreach (var image in options.ImagesToBind)
        {
            var hostPath = Path.GetFullPath(image);
            if (!File.Exists(hostPath))
            {
                throw new FileNotFoundException("No image to bind at " + hostPath, hostPath);
            }

            var containerPath = ImageDirectory + "/" + Path.GetFileName(hostPath);
            if (images.ContainsValue(containerPath))
            {
                throw new ArgumentException($"Two images are named {Path.GetFileName(hostPath)}.", nameof(options));
            }

            images[hostPath] = containerPath;
            binds.Add(new SystemdContainerBind(hostPath, containerPath));
        }

        binds.AddRange(options.Binds);

        var machineName = $"pstest-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}";
        var argv = new List<string>
        {
            nspawnPath,
            "--boot",
            "--directory=" + root,
            "--machine=" + machineName,
            "--register=no",           // no machined registration: it needs the host's system bus
            "--keep-unit",             // no scope unit of its own: that needs the host's system bus too
            "--volatile=overlay",      // the cached root stays pristine; writes go to a tmpfs overlay
            "--private-network",       // only lo inside: test ports never meet the host's
            "--console=read-only",     // boot messages to our pipe, no input
            "--setenv=SYSTEMD_COLORS=0",
            "--bind=/dev/loop-control", // portabled allocates loop devices for .raw images
        };
        foreach (var bind in binds)
        {
            argv.Add((bind.ReadOnly ? "--bind-ro=" : "--bind=") + EscapeBindPath(bind.HostPath) + ":" + EscapeBindPath(bind.ContainerPath));
        }

        var bootLog = new BootLogBuffer();
        bootLog.Add("$ " + ShellQuote.Join(argv));
        // nspawn runs in a cgroup of its own (see OwnCgroupScript), exec'd by a shell that keeps its PID.
        var cgroups = OwnCgroupDirectories(machineName);
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-c", OwnCgroupScript, "portable-service-test-nspawn", string.Join(':', cgroups) }.Concat(argv))
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["TERM"] = "dumb";
        startInfo.Environment["SYSTEMD_COLORS"] = "0";
        if (options.Release.NeedsUnifiedCgroupHierarchy)
        {
            // Cgroup v2 only inside, whatever the host mounts (hybrid here): see SystemdRelease.
            startInfo.Environment["SYSTEMD_NSPAWN_UNIFIED_HIERARCHY"] = "1";
            bootLog.Add("[harness] SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1");
        }

        var stopwatch = Stopwatch.StartNew();
        var nspawn = new Process { StartInfo = startInfo };
        nspawn.OutputDataReceived += (_, e) => bootLog.Add(e.Data);
        nspawn.ErrorDataReceived += (_, e) => bootLog.Add(e.Data);
        if (!nspawn.Start())
        {
            throw new InvalidOperationException("Could not start " + nspawnPath);
        }

        lock (s_gate)
        {
            s_live[nspawn.Id] = new LiveContainer(nspawn.Id, 0, "");
        }

        nspawn.BeginOutputReadLine();
        nspawn.BeginErrorReadLine();
        nspawn.StandardInput.Close();

        var container = new SystemdContainer(nspawn, bootLog, machineName, root, options.Release, images, options.CommandTimeout)
        {
            _cgroups = cgroups,
        };
        try
        {
            container.WaitForBoot(options.BootTimeout, stopwatch);
            container.CreateLoopDeviceNodes(options.LoopDeviceNodes);
            container.ReadSystemdVersion();
            if (options.Release.NeedsWritableRunHost)
            {
                container.MakeRunHostWritable();
            }
        }
        catch (Exception exception)
        {
            try
            {
                container.Stop();
            }
            catch (Exception stopException)
            {
                throw new AggregateException(exception, stopException);
            }

            throw;
        }

        return container;
    }

    /// <summary>Where a bound image (by host path or file name) appears inside the container.</summary>
    public string ImagePath(string hostImagePath)
    {
        if (_images.TryGetValue(Path.GetFullPath(hostImagePath), out var path))
        {
            return path;
        }

        var byName = _images.Values.Where(p => p.EndsWith("/" + Path.GetFileName(hostImagePath), StringComparison.Ordinal)).ToList();
        return byName.Count == 1
            ? byName[0]
            : throw new ArgumentException($"{hostImagePath} was not bound into the container.", nameof(hostImagePath));
    }

    /// <summary>Runs a program inside the container (all its namespaces), with the default time limit.</summary>
    public CommandResult Run(params string[] argv) => Run(_commandTimeout, argv);

    /// <summary>Runs a program inside the container (all its namespaces).</summary>
    public CommandResult Run(TimeSpan timeout, params string[] argv)
    {
        ArgumentOutOfRangeException.ThrowIfZero(argv.Length, nameof(argv));
        ObjectDisposedException.ThrowIf(_stopped != 0, this);
        if (_nspawn.HasExited)
        {
            throw new InvalidOperationException($"The container {MachineName} has exited.{Environment.NewLine}{BootLogTail()}");
        }

        var result = ProcessRunner.Run(
            ["nsenter", "--target", _leaderPid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--all", "--", .. argv],
            timeout,
            ContainerEnvironment,
            clearEnvironment: true);
        // Report the command as the test wrote it.
        return result with { Command = argv };
    }

    /// <summary>Runs <c>sh -c SCRIPT</c> inside the container.</summary>
    public CommandResult RunShell(string script, TimeSpan? timeout = null) =>
        Run(timeout ?? _commandTimeout, "/bin/sh", "-c", script);

    /// <summary>
    /// Stops the container: SIGTERM to nspawn (a clean poweroff inside), then SIGKILL to the container's
    /// PID 1 and nspawn's whole process tree if that takes too long. Throws if a process survives.
    /// </summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        GC.SuppressFinalize(this);
        try
        {
            if (!_nspawn.HasExited)
            {
                NativeMethods.Kill(_nspawnPid, NativeMethods.SIGTERM);
                if (!_nspawn.WaitForExit(GracefulStopTimeout))
                {
                    _bootLog.Add($"[harness] nspawn did not stop within {GracefulStopTimeout.TotalSeconds} s; killing it");
                    KillLeaderIfAlive();
                    try
                    {
                        _nspawn.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // Exited meanwhile.
                    }

                    if (!_nspawn.WaitForExit(KillTimeout))
                    {
                        throw new InvalidOperationException($"systemd-nspawn (PID {_nspawnPid}) survived SIGKILL.");
                    }
                }
            }

            _nspawn.WaitForExit(KillTimeout); // lets the boot log drain
            KillLeaderIfAlive();
            if (IsLeaderAlive())
            {
                throw new InvalidOperationException(
                    $"The container's PID 1 (host PID {_leaderPid}) is still running after its nspawn exited.");
            }
        }
        finally
        {
            lock (s_gate)
            {
                s_live.Remove(_nspawnPid);
            }

            _nspawn.Dispose();
            RemoveOwnCgroups(_cgroups);
        }
    }

    public void Dispose() => Stop();

    /// <summary>The last lines of the boot log, for error messages.</summary>
    public string BootLogTail(int lines = 60) => _bootLog.Tail(lines);

    private void WaitForBoot(TimeSpan timeout, Stopwatch stopwatch)
    {
        var deadline = stopwatch.Elapsed + timeout;
        TimeSpan Remaining() => deadline - stopwatch.Elapsed;

        // 1. The container's PID 1: nspawn's child in a new PID namespace.
        var ownPidNamespace = ReadPidNamespace(Environment.ProcessId)
            ?? throw new InvalidOperationException("Cannot read /proc/self/ns/pid.");
        while (_leaderPid == 0)
        {
            ThrowIfBootFailed(Remaining(), "waiting for the container's PID 1");
            foreach (var child in ProcessTree.ChildrenOf(_nspawnPid))
            {
                var pidNamespace = ReadPidNamespace(child);
                if (pidNamespace is not null && pidNamespace != ownPidNamespace)
                {
                    _leaderPidNamespace = pidNamespace;
                    _leaderPid = child;
                    break;
                }
            }

            if (_leaderPid == 0)
            {
                Thread.Sleep(50);
            }
        }

        lock (s_gate)
        {
            s_live[_nspawnPid] = new LiveContainer(_nspawnPid, _leaderPid, _leaderPidNamespace);
        }

        StartWatchdog();

        // 2. systemd inside: until it accepts connections, systemctl fails; then --wait blocks until boot ends.
        CommandResult? last = null;
        while (true)
        {
            ThrowIfBootFailed(Remaining(), "waiting for systemd inside to finish booting", last);
            last = Run(Remaining(), "systemctl", "is-system-running", "--wait");
            var state = (last.OutputLines.Count > 0 ? last.OutputLines[^1] : null)?.Trim() ?? "";
            if (state is "running" or "degraded")
            {
                SystemState = state;
                BootDuration = stopwatch.Elapsed;
                _bootLog.Add($"[harness] system {state} after {BootDuration.TotalSeconds:0.00} s");
                return;
            }

            if (state is "maintenance" or "stopping")
            {
                throw new SystemdContainerException(
                    $"systemd in {MachineName} reached '{state}' instead of running.{Environment.NewLine}{last}{Environment.NewLine}{BootLogTail()}");
            }

            Thread.Sleep(100);
        }
    }

    private void ThrowIfBootFailed(TimeSpan remaining, string stage, CommandResult? last = null)
    {
        if (_nspawn.HasExited)
        {
            _nspawn.WaitForExit(KillTimeout);
            throw new SystemdContainerException(
                $"systemd-nspawn exited with {_nspawn.ExitCode} while {stage}.{Environment.NewLine}{BootLogTail()}");
        }

        if (remaining <= TimeSpan.Zero)
        {
            throw new SystemdContainerException(
                $"Timed out {stage} in {MachineName}.{Environment.NewLine}{last}{Environment.NewLine}{BootLogTail()}");
        }
    }

    private void CreateLoopDeviceNodes(int count)
    {
        if (count <= 0)
        {
            return;
        }

        RunShell($"i=0; while [ $i -lt {count} ]; do [ -e /dev/loop$i ] || mknod -m 0660 /dev/loop$i b 7 $i || exit 1; i=$((i+1)); done")
            .EnsureSuccess();

        // A disk image's partitions (a DDI's root, verity, signature) become /dev/loopNpM when systemd adds them, with
        // minors of the kernel's choosing (major 259), made by devtmpfs, which nspawn's /dev (a tmpfs) is not: without
        // them systemd-dissect and portabled fail on any DDI with "No such file or directory". The kernel's devtmpfs,
        // mounted aside, and a link from each name the container may need to its node there.
        RunShell($"mkdir -p {DevtmpfsDirectory} && mount -t devtmpfs devtmpfs {DevtmpfsDirectory} && i=0; while [ $i -lt {count} ]; do "
            + $"for p in 1 2 3 4 5 6 7 8; do ln -sfn {DevtmpfsDirectory}/loop${{i}}p$p /dev/loop${{i}}p$p || exit 1; done; i=$((i+1)); done")
            .EnsureSuccess();
    }

    /// <summary>Where the kernel's devtmpfs is mounted in the container, for the loop devices' partition nodes.</summary>
    private const string DevtmpfsDirectory = "/run/host-devtmpfs";

    /// <summary>
    /// Moves the shell into the cgroups named in $1 (':'-separated), then execs systemd-nspawn with the rest.
    /// </summary>
    /// <remarks>
    /// Without a systemd on the host, nspawn (--keep-unit) puts itself in "supervisor" and the container in "payload"
    /// below its own cgroup, which for every test process here is the root: two containers at once (the 252 and 257
    /// collections run side by side, the boot test boots a second one) would share /payload, and each one's systemd
    /// would manage the other's units' cgroups (a 252 unit then logs "Failed to attach PID to compat systemd cgroup").
    /// So each nspawn gets its own cgroup in the hierarchies nspawn uses: the unified one and, on a hybrid host,
    /// name=systemd. The resource controllers (cpu, memory...) are left as they are.
    /// </remarks>
    private const string OwnCgroupScript = """
        IFS=:
        for dir in $1; do
          mkdir -p "$dir" && echo $$ > "$dir/cgroup.procs" || { echo "cannot move into cgroup $dir" >&2; exit 125; }
        done
        unset IFS
        shift
        exec "$@"
        """;

    /// <summary>The cgroup directories of one container (see <see cref="OwnCgroupScript"/>).</summary>
    private static string[] OwnCgroupDirectories(string machineName)
    {
        const string Base = "/sys/fs/cgroup";
        var name = "portable-service-tests/" + machineName;
        if (File.Exists(Path.Join(Base, "cgroup.controllers")))
        {
            return [Path.Join(Base, name)]; // unified only
        }

        return new[] { "unified", "systemd" }
            .Where(hierarchy => File.Exists(Path.Join(Base, hierarchy, "cgroup.procs")))
            .Select(hierarchy => Path.Join(Base, hierarchy, name))
            .ToArray();
    }

    /// <summary>Removes a stopped container's cgroups, deepest first (rmdir works on empty cgroups only).</summary>
    private static void RemoveOwnCgroups(IReadOnlyList<string> cgroups)
    {
        foreach (var cgroup in cgroups.Where(Directory.Exists))
        {
            try
            {
                var all = Directory.EnumerateDirectories(cgroup, "*", SearchOption.AllDirectories).Append(cgroup);
                foreach (var directory in all.OrderByDescending(d => d.Length).ToList())
                {
                    Directory.Delete(directory);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A process still in it: left behind (an empty directory once it ends; harmless).
            }
        }
    }

    private void ReadSystemdVersion()
    {
        // "systemd 257 (257.13-1~deb13u1)"
        var lines = Run("systemctl", "--version").EnsureSuccess().OutputLines;
        var first = lines.Count > 0 ? lines[0] : "";
        var words = first.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        SystemdVersion = words.Length >= 2 && words[0] == "systemd" && int.TryParse(words[1], System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new SystemdContainerException($"Cannot read the systemd version in {MachineName} from '{first}'.");
    }

    /// <summary>
    /// Makes the container's /run/host look like a real host's for units that bind the container's /run.
    /// systemd >= 254 gives a unit with RootImage= the host's os-release as a symlink
    /// /run/host/os-release -> .os-release-stage/os-release, created in the unit's mount namespace. Under the trusted
    /// profile (BindPaths=/run) that /run/host is the container's own, where nspawn has it mounted read-only
    /// (the unit fails: 226/NAMESPACE, "Read-only file system") and has bind-mounted its host's os-release file at
    /// /run/host/os-release (then 226/NAMESPACE, "Failed to set up mount namespacing: File exists"). A real host has
    /// no /run/host at all, so both are nspawn artefacts, not image problems: remount /run/host read-write and
    /// take nspawn's os-release away (nothing in the container reads it once booted).
    /// </summary>
    private void MakeRunHostWritable()
    {
        RunShell("""
            if mountpoint -q /run/host; then mount -o remount,bind,rw /run/host || exit 1; fi
            if mountpoint -q /run/host/os-release; then umount /run/host/os-release || exit 1; fi
            rm -f /run/host/os-release
            """).EnsureSuccess();
    }

    /// <summary>
    /// A detached shell that kills the container if this test process dies without stopping it
    /// (killed by a timeout, SIGKILL, a crash): then no finalizer or ProcessExit handler runs.
    /// It ends by itself once nspawn has exited.
    /// </summary>
    private void StartWatchdog()
    {
        const string Script = """
            host=$1 nspawn=$2 leader=$3 ns=$4
            while kill -0 "$nspawn" 2>/dev/null; do
              if ! kill -0 "$host" 2>/dev/null; then
                [ "$(readlink "/proc/$leader/ns/pid")" = "$ns" ] && kill -KILL "$leader"
                sleep 2
                kill -0 "$nspawn" 2>/dev/null && kill -KILL "$nspawn"
                exit 0
              fi
              sleep 1
            done
            """;
        var setsid = SystemdTestPrerequisites.RequireTool("setsid");
        var startInfo = new ProcessStartInfo(setsid)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "/bin/sh", "-c", Script, "portable-service-test-watchdog",
                     Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     _nspawnPid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     _leaderPid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     _leaderPidNamespace,
                 })
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var watchdog = Process.Start(startInfo)
            ?? throw new InvalidOperationException("Could not start the container watchdog.");
        watchdog.StandardInput.Close();
    }

    private bool IsLeaderAlive() => _leaderPid != 0 && ReadPidNamespace(_leaderPid) == _leaderPidNamespace;

    private void KillLeaderIfAlive()
    {
        if (!IsLeaderAlive())
        {
            return;
        }

        NativeMethods.Kill(_leaderPid, NativeMethods.SIGKILL);
        var stopwatch = Stopwatch.StartNew();
        while (IsLeaderAlive() && stopwatch.Elapsed < KillTimeout)
        {
            Thread.Sleep(20);
        }
    }

    private static void KillAllLive()
    {
        LiveContainer[] live;
        lock (s_gate)
        {
            live = [.. s_live.Values];
            s_live.Clear();
        }

        foreach (var container in live)
        {
            KillUnmanaged(container);
        }
    }

    /// <summary>Kills without touching managed objects: for the finalizer and ProcessExit.</summary>
    private static void KillUnmanaged(LiveContainer container)
    {
        if (container.LeaderPid > 0 && ReadPidNamespace(container.LeaderPid) == container.LeaderPidNamespace)
        {
            // SIGKILL to a PID namespace's init ends every process in it.
            NativeMethods.Kill(container.LeaderPid, NativeMethods.SIGKILL);
        }

        if (container.NspawnPid > 0)
        {
            NativeMethods.Kill(container.NspawnPid, NativeMethods.SIGKILL);
        }
    }

    private static string? ReadPidNamespace(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/pid").LinkTarget;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string EscapeBindPath(string path) =>
        path.Contains(':', StringComparison.Ordinal)
            ? throw new ArgumentException($"A bind path may not contain ':' here: {path}", nameof(path))
            : path;

    private readonly record struct LiveContainer(int NspawnPid, int LeaderPid, string LeaderPidNamespace);

    /// <summary>The last lines nspawn printed, without colours or carriage returns.</summary>
    private sealed partial class BootLogBuffer
    {
        private const int MaxLines = 2000;
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            line = AnsiEscape().Replace(line, "").Replace("\r", "", StringComparison.Ordinal);
            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > MaxLines)
                {
                    _lines.Dequeue();
                }
            }
        }

        public string Tail(int count)
        {
            lock (_lines)
            {
                return "--- boot log (last lines) ---" + Environment.NewLine
                    + string.Join(Environment.NewLine, _lines.Skip(Math.Max(0, _lines.Count - count)));
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }

        [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]")]
        private static partial Regex AnsiEscape();
    }
}

/// <summary>The container failed to boot or misbehaved.</summary>
[SupportedOSPlatform("linux")]
public sealed class SystemdContainerException(string message) : Exception(message);
