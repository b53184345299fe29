using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using Squashfs;
using Squashfs.Tree;

namespace PortableService.Building;

/// <summary>
/// Writes the image with an external mksquashfs, as nixpkgs does: the tree is staged in a temporary directory and
/// packed with nixpkgs' flags and SOURCE_DATE_EPOCH set. The tool is not trusted: it must start, exit 0 within the
/// time limit and leave a squashfs that holds exactly the staged tree; it dies with the build (setpriv --pdeathsig),
/// and no staging copy outlives a build, even a killed one (the next build removes it).
/// </summary>
internal static class MksquashfsImageWriter
{
    private const string StagePrefix = "portable-service-stage-";

    public static void Write(ImageDirectory root, string mksquashfs, string outputPath, SquashfsWriterOptions options, uint sourceDateEpoch, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        CheckProgram(mksquashfs);
        RemoveStagesOfDeadBuilds();
        var stage = Directory.CreateTempSubdirectory($"{StagePrefix}{PidNamespace}-{Environment.ProcessId}-").FullName;
        try
        {
            var tree = Directory.CreateDirectory(Path.Join(stage, "root")).FullName;
            var specialFiles = new List<(string Path, ImageEntry Inode)>();
            TreeStager.Stage(root, tree, modificationTime: null, cancellationToken, specialFiles);
            string[] pseudoFiles = [];
            if (specialFiles.Count > 0)
            {
                var definitions = Path.Join(stage, "pseudo-files");
                File.WriteAllLines(definitions, specialFiles.Select(f => PseudoDefinition(f.Path, f.Inode)));
                pseudoFiles = ["-pf", definitions];
            }

            Run(mksquashfs, [.. Arguments(tree, outputPath, options), .. pseudoFiles], sourceDateEpoch, timeLimit, cancellationToken);
            CheckOutput(root, mksquashfs, outputPath);
        }
        finally
        {
            MakeRemovable(stage);
            Directory.Delete(stage, recursive: true);
        }
    }

    /// <summary>
    /// The tool must be an ELF program or a script: exec falls back to /bin/sh for anything else (a truncated
    /// download, say), which would run it as shell commands.
    /// </summary>
    private static void CheckProgram(string mksquashfs)
    {
        var probe = ProbedFile.Read(HostFileTree.Instance, mksquashfs, new FileInfo(mksquashfs).Length);
        var problem = probe.Kind switch
        {
            ProbedFileKind.Elf or ProbedFileKind.Script => null,
            ProbedFileKind.MalformedElf => $"it is a damaged ELF file ({probe.Problem})",
            ProbedFileKind.Unreadable => $"it cannot be read ({probe.Problem})",
            _ => "it is neither an ELF program nor a script",
        };
        if (problem is not null)
        {
            throw Failure(BuildDiagnosticCodes.MksquashfsNotStarted, mksquashfs, $"{mksquashfs} cannot be run: {problem}. Give a working mksquashfs (squashfs-tools).");
        }
    }

    private static string[] Arguments(string stage, string outputPath, SquashfsWriterOptions options) =>
    [
        stage, outputPath, "-noappend", "-exit-on-error", "-all-root", "-root-mode", "755",
        "-b", options.BlockSize.ToString(CultureInfo.InvariantCulture),
        .. options.Compression.ToMksquashfsArguments(),
        "-processors", Math.Max(1, options.Parallelism).ToString(CultureInfo.InvariantCulture),
        "-no-progress", "-quiet",
    ];

    /// <summary>
    /// A device node, FIFO or socket as an mksquashfs pseudo file (squashfs-tools 4.5): made in the image without
    /// mknod, so without root. Blanks, quotes and backslashes in the path are escaped with a backslash.
    /// </summary>
    private static string PseudoDefinition(string path, ImageEntry inode)
    {
        var name = string.Concat(path.Select(c => char.IsWhiteSpace(c) || c is '"' or '\\' ? $"\\{c}" : c.ToString()));
        var mode = Convert.ToString((int)inode.Mode & 0xFFF, 8);
        return inode switch
        {
            ImageDevice device => $"{name} {(device.Kind == DeviceKind.Block ? 'b' : 'c')} {mode} 0 0 {device.Major} {device.Minor}",
            ImageSpecialFile special => $"{name} i {mode} 0 0 {(special.Kind == SpecialFileKind.Fifo ? 'f' : 's')}",
            _ => throw new ArgumentException($"{path} is not a special file.", nameof(inode)),
        };
    }

    private static void Run(string mksquashfs, string[] arguments, uint sourceDateEpoch, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        // setpriv (util-linux, on every Debian and Ubuntu) sets PR_SET_PDEATHSIG and then execs the tool: if the build
        // is killed, even with SIGKILL, the kernel kills mksquashfs too, before it writes more into the output folder.
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--pdeathsig", "KILL", "--", mksquashfs, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOURCE_DATE_EPOCH"] = sourceDateEpoch.ToString(CultureInfo.InvariantCulture);
        using var process = StartOrThrow(start, mksquashfs);
        using var registration = cancellationToken.Register(() => KillQuietly(process));
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var finished = process.WaitForExit(timeLimit);
        if (!finished)
        {
            KillQuietly(process);
            process.WaitForExit();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!finished)
        {
            throw Failure(BuildDiagnosticCodes.MksquashfsTimedOut, mksquashfs,
                $"{mksquashfs} did not finish within {timeLimit.TotalSeconds:0} s and was killed. Check the tool, or give it more time (BuildOptions.ExternalToolTimeLimit).");
        }

        var output = (stderr.Result + stdout.Result).Trim();
        if (process.ExitCode == 127 && output.StartsWith("setpriv: failed to execute", StringComparison.Ordinal))
        {
            throw Failure(BuildDiagnosticCodes.MksquashfsNotStarted, mksquashfs, $"{mksquashfs} could not be started: {output}. Give a working mksquashfs (squashfs-tools).");
        }

        if (process.ExitCode != 0)
        {
            throw Failure(BuildDiagnosticCodes.MksquashfsFailed, mksquashfs, $"{mksquashfs} failed with exit code {process.ExitCode}: {output}");
        }
    }

    private static Process StartOrThrow(ProcessStartInfo start, string mksquashfs)
    {
        try
        {
            return Process.Start(start) ?? throw new Win32Exception();
        }
        catch (Win32Exception e)
        {
            throw Failure(BuildDiagnosticCodes.MksquashfsNotStarted, mksquashfs, $"setpriv, which starts {mksquashfs}, could not be started: {e.Message}. Install util-linux.");
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }

    /// <summary>The tool's output must be a squashfs holding the staged tree: same paths, kinds, sizes, links, modes and owners.</summary>
    private static void CheckOutput(ImageDirectory root, string mksquashfs, string outputPath)
    {
        string? difference;
        try
        {
            using var reader = SquashfsReader.Open(outputPath);
            difference = FirstDifference(root, reader);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
        {
            difference = $"it is not a readable squashfs image ({e.Message})";
        }

        if (difference is not null)
        {
            throw Failure(BuildDiagnosticCodes.MksquashfsOutputInvalid, mksquashfs,
                $"{mksquashfs} exited 0, but what it wrote is not the image asked for: {difference}. Nothing was published; check the tool (squashfs-tools 4.4 or later).");
        }
    }

    private static string? FirstDifference(ImageDirectory root, SquashfsReader reader)
    {
        var expected = root.Descendants().ToDictionary(e => e.FullPath, Describe, StringComparer.Ordinal);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Stack<Squashfs.Reading.SquashfsEntry>([reader.Root]);
        while (pending.TryPop(out var directory))
        {
            foreach (var child in reader.GetChildren(directory))
            {
                found[child.Path] = Describe(child);
                if (child.Kind == Squashfs.Reading.SquashfsEntryKind.Directory)
                {
                    pending.Push(child);
                }
            }
        }

        foreach (var (path, description) in expected.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!found.TryGetValue(path, out var actual))
            {
                return $"{path} is missing";
            }

            if (actual != description)
            {
                return $"{path} is {actual}, not {description}";
            }
        }

        return found.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).FirstOrDefault() is { } extra ? $"it holds {extra}, which was not staged" : null;
    }

    private static string Describe(ImageEntry entry)
    {
        var inode = entry is ImageHardLink link ? link.Target : entry;
        var kind = inode switch
        {
            ImageDirectory => "a directory",
            ImageFile file => $"a file of {file.Content.Length} bytes",
            ImageSymlink symlink => $"a symlink to {symlink.Target}",
            _ => "a special file",
        };
        return Attributes(kind, inode is ImageSymlink, inode.Mode, inode.Uid, inode.Gid);
    }

    private static string Describe(Squashfs.Reading.SquashfsEntry entry)
    {
        var kind = entry.Kind switch
        {
            Squashfs.Reading.SquashfsEntryKind.Directory => "a directory",
            Squashfs.Reading.SquashfsEntryKind.File => $"a file of {entry.Size} bytes",
            Squashfs.Reading.SquashfsEntryKind.Symlink => $"a symlink to {entry.SymlinkTarget}",
            _ => "a special file",
        };
        return Attributes(kind, entry.Kind == Squashfs.Reading.SquashfsEntryKind.Symlink, entry.Mode, entry.Uid, entry.Gid);
    }

    /// <summary>Mode and owner too: a tool that packs the right names with the wrong permissions makes a different image. A symlink's mode means nothing.</summary>
    private static string Attributes(string kind, bool symlink, UnixFileMode mode, uint uid, uint gid) =>
        symlink
            ? $"{kind}, owner {uid}:{gid}"
            : $"{kind}, mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}, owner {uid}:{gid}";

    /// <summary>
    /// This process's PID namespace (the inode of /proc/self/ns/pid): a PID says whether a build is alive only within
    /// its own namespace, and containers may share one /tmp.
    /// </summary>
    private static string PidNamespace =>
        File.ResolveLinkTarget("/proc/self/ns/pid", returnFinalTarget: false)?.Name is { } link && link.StartsWith("pid:[", StringComparison.Ordinal)
            ? link[5..^1]
            : "0";

    /// <summary>Removes staging folders whose build process, in this PID namespace, is gone (killed before it could clean up).</summary>
    private static void RemoveStagesOfDeadBuilds()
    {
        var ours = $"{StagePrefix}{PidNamespace}-";
        foreach (var stage in Directory.EnumerateDirectories(Path.GetTempPath(), ours + "*"))
        {
            var name = Path.GetFileName(stage).AsSpan(ours.Length);
            var dash = name.IndexOf('-');
            if (dash > 0 && int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                try
                {
                    MakeRemovable(stage);
                    Directory.Delete(stage, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another user's, or being removed by another build: not ours to insist on.
                }
            }
        }
    }

    /// <summary>Staged directories keep their image modes, read-only ones included: open them up to delete them.</summary>
    private static void MakeRemovable(string stage)
    {
        foreach (var directory in Directory.EnumerateDirectories(stage, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).Prepend(stage))
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_000_000);
        }
    }

    private static DiagnosticException Failure(string code, string mksquashfs, string message) =>
        new([new Diagnostic(code, DiagnosticSeverity.Error, message, mksquashfs)]);
}
