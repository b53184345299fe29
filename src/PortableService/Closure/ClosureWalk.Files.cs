using PortableService.Closure.Elf;
using PortableService.FileTrees;
using Squashfs.Interop;
using PortableService.Systemd;

namespace PortableService.Closure;

/// <summary>The host-file facet: ELF dependencies, script interpreters and directory walks.</summary>
internal sealed partial class ClosureWalk
{
    private void Analyze(AnalyzeWork work)
    {
        var node = _fs.Lstat(work.RealPath);
        var probe = _resolver.Probe(work.RealPath, node.Size);
        switch (probe.Kind)
        {
            case ProbedFileKind.Unreadable:
                if (_analyzed.Add(work.RealPath + "\0unreadable"))
                {
                    _diagnostics.Add(ClosureMessages.FileUnreadable(work.RealPath, work.Reason, probe.Problem!));
                }

                break;
            case ProbedFileKind.MalformedElf:
                if (_analyzed.Add(work.RealPath + "\0malformed"))
                {
                    _diagnostics.Add(ClosureMessages.ElfMalformed(work.RealPath, work.Reason, probe.Problem!));
                }

                break;
            case ProbedFileKind.Elf:
                AnalyzeElf(work, probe.Elf!);
                break;
            case ProbedFileKind.Script when work.ScriptsAlways || node.IsExecutable:
                AnalyzeScript(work, probe.Shebang!);
                break;
        }
    }

    private void AnalyzeElf(AnalyzeWork work, ElfFile elf)
    {
        var loader = _resolver.Loader;
        var real = work.RealPath;
        // A program's $ORIGIN comes from /proc/self/exe (the real path); a library's from the path it was opened by.
        var origin = UnixPath.Parent(work.Loader is null ? real : work.RequestedPath);
        var ownRPath = elf.RunPath is null ? loader.ExpandPathList(elf.RPath, origin, elf.Abi, $"DT_RPATH of {work.RequestedPath}") : [];
        var runPath = loader.ExpandPathList(elf.RunPath, origin, elf.Abi, $"DT_RUNPATH of {work.RequestedPath}");
        var loaded = new LoadedObject(work.RequestedPath, elf, origin, ownRPath, runPath, work.Loader);
        var key = real + "\0" + string.Join(':', loaded.RunPath.Select(d => d.Path)) + "\0" + string.Join(':', loaded.RPathChain.Select(d => d.Path));
        if (!_analyzed.Add(key))
        {
            return;
        }

        // PT_INTERP matters for a program; ld.so ignores it in the libraries it loads (libc.so.6 has one).
        if (elf.Interpreter is { } interpreter && work.Loader is null)
        {
            var resolution = interpreter.StartsWith('/')
                ? _fs.Resolve(interpreter)
                : PathResolution.Failed(interpreter, [], interpreter, "is not an absolute path");
            if (!resolution.Succeeded)
            {
                _diagnostics.Add(ClosureMessages.ElfInterpreterNotFound(interpreter, real, work.Reason, resolution, _options.IsMissingAllowed(interpreter)));
            }
            else if (Unfit(resolution, elf.Abi) is { } unfit)
            {
                _diagnostics.Add(ClosureMessages.InterpreterUnfit("ELF interpreter", interpreter, real, work.Reason, unfit));
            }
            else
            {
                var reason = $"ELF interpreter of {real}";
                // ld.so is part of the program's link map under its soname: libc's need for it is met by it.
                if (_resolver.Probe(resolution.RealPath!, resolution.Node.Size).Elf?.SoName is { } interpreterSoName)
                {
                    loaded.Map.Record(interpreterSoName, interpreter, resolution);
                }

                if (PlaceNeeded(resolution, reason) == Placement.HostFile)
                {
                    _queue.Enqueue(new AnalyzeWork(resolution.RealPath!, interpreter, reason, null, ScriptsAlways: false));
                }
            }
        }

        if (elf.SoName is { } soName)
        {
            loaded.Map.Record(soName, work.RequestedPath, _fs.Resolve(work.RequestedPath));
        }

        foreach (var name in elf.Needed)
        {
            // ld.so first looks for an object already loaded under that name or soname, then searches.
            if (!loaded.Map.TryGet(name, out var path, out var resolution))
            {
                var lookup = loader.Find(name, loaded);
                if (!lookup.Found)
                {
                    _diagnostics.Add(ClosureMessages.LibraryNotFound(name, real, work.Reason, lookup.Searched, _options.IsMissingAllowed(name)));
                    continue;
                }

                (path, resolution) = (lookup.Path!, lookup.Resolution!);
                loaded.Map.Record(name, path, resolution);
                var node = _fs.Lstat(resolution.RealPath!);
                if (_resolver.Probe(resolution.RealPath!, node.Size).Elf?.SoName is { } foundSoName)
                {
                    loaded.Map.Record(foundSoName, path, resolution);
                }
            }

            var reason = $"library {name} needed by {real}";
            if (PlaceNeeded(resolution, reason) == Placement.HostFile)
            {
                _queue.Enqueue(new AnalyzeWork(resolution.RealPath!, path, reason, loaded, ScriptsAlways: false));
            }
        }
    }

    private void AnalyzeScript(AnalyzeWork work, Shebang shebang)
    {
        var real = work.RealPath;
        if (!_analyzed.Add(real + "\0#!"))
        {
            return;
        }

        var interpreter = shebang.Interpreter;
        if (!interpreter.StartsWith('/'))
        {
            _diagnostics.Add(ClosureMessages.ScriptInterpreterRelative(interpreter, real, work.Reason));
            return;
        }

        var resolution = _fs.Resolve(interpreter);
        if (!resolution.Succeeded)
        {
            _diagnostics.Add(ClosureMessages.ScriptInterpreterNotFound(interpreter, real, work.Reason, resolution, _options.IsMissingAllowed(interpreter)));
        }
        else if (Unfit(resolution, null) is { } unfit)
        {
            _diagnostics.Add(ClosureMessages.InterpreterUnfit("#! interpreter", interpreter, real, work.Reason, unfit));
        }
        else
        {
            var reason = $"#! interpreter of {real}";
            if (PlaceNeeded(resolution, reason) == Placement.HostFile)
            {
                _queue.Enqueue(new AnalyzeWork(resolution.RealPath!, interpreter, reason, null, ScriptsAlways: true));
            }
        }

        if (shebang.EnvCommand is not { } command)
        {
            return;
        }

        var commandReason = $"{command}, run by '#!{shebang.Line}' in {real}";
        PathResolution? found = null;
        if (command.Contains('/'))
        {
            if (!command.StartsWith('/'))
            {
                _diagnostics.Add(ClosureMessages.ScriptInterpreterRelative(command, real, work.Reason));
                return;
            }

            found = _fs.Resolve(command);
            if (!found.Succeeded)
            {
                _diagnostics.Add(ClosureMessages.ScriptInterpreterNotFound(command, real, work.Reason, found, _options.IsMissingAllowed(command)));
                return;
            }

            if (Unfit(found, null) is { } unfit)
            {
                _diagnostics.Add(ClosureMessages.InterpreterUnfit("command run by env", command, real, work.Reason, unfit));
                return;
            }
        }
        else
        {
            foreach (var directory in _options.StandardPath)
            {
                var candidate = _fs.Resolve(UnixPath.Join(directory.TrimEnd('/'), command));
                if (candidate.Succeeded && candidate.Node.Kind == FileNodeKind.File && candidate.Node.IsExecutable)
                {
                    found = candidate;
                    break;
                }
            }

            if (found is null)
            {
                _diagnostics.Add(ClosureMessages.EnvCommandNotFound(command, real, work.Reason, _options.StandardPath, _options.IsMissingAllowed(command)));
                return;
            }
        }

        if (PlaceNeeded(found, commandReason) == Placement.HostFile)
        {
            _queue.Enqueue(new AnalyzeWork(found.RealPath!, found.RequestedPath, commandReason, null, ScriptsAlways: true));
        }
    }

    /// <summary>
    /// Why the kernel could not execute <paramref name="resolution"/> as an interpreter: it must be an executable
    /// regular file, an ELF file of <paramref name="abi"/> for PT_INTERP, an ELF file or a script for a #! line.
    /// </summary>
    private string? Unfit(PathResolution resolution, ElfAbi? abi)
    {
        var node = resolution.Node;
        if (node.Kind != FileNodeKind.File)
        {
            return $"is not a regular file (reached as {resolution.RealPath})";
        }

        if (!node.IsExecutable)
        {
            return $"has no execute permission (reached as {resolution.RealPath})";
        }

        var probe = _resolver.Probe(resolution.RealPath!, node.Size);
        return (probe.Kind, abi) switch
        {
            (ProbedFileKind.Elf or ProbedFileKind.MalformedElf, { } required) when probe.Abi is { } found && !found.Matches(required) => $"is an ELF file for {found}, not {required}",
            (ProbedFileKind.Elf or ProbedFileKind.MalformedElf, _) => null,
            (ProbedFileKind.Script, null) => null,
            (_, { }) => "is not an ELF file",
            _ => "is neither an ELF file nor a script",
        };
    }

    /// <summary>
    /// Places a file nobody named but a program needs (an interpreter, a library): only when anyone may read it,
    /// as a private key never may.
    /// </summary>
    private Placement PlaceNeeded(PathResolution resolution, string reason)
    {
        const uint readableByOthers = 0b000_000_100;
        var real = resolution.RealPath!;
        if (resolution.Node.Kind == FileNodeKind.File && (resolution.Node.Mode & readableByOthers) == 0 && !_tree.IsInImage(real) && StoreContaining(real) is null)
        {
            _diagnostics.Add(ClosureMessages.NotWorldReadable(real, reason, resolution.Node.Mode));
            return Placement.Special;
        }

        return Place(resolution, reason);
    }

    /// <summary>
    /// Walks a directory that is copied whole: each ELF file and executable script in it brings its dependencies.
    /// A symlink leading out of it stays a link; its target comes in only when something needs it (checked at
    /// the end, see <see cref="CheckLinksLeavingContents"/>).
    /// </summary>
    private void Walk(WalkWork work, CancellationToken cancellationToken)
    {
        if (_treeSizes.ContainsKey(work.Directory))
        {
            return;
        }

        _treeSizes[work.Directory] = 0;
        long size = 0;
        var pending = new Stack<string>();
        pending.Push(work.Directory);
        while (pending.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[] names;
            try
            {
                names = _tree.ListDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _diagnostics.Add(ClosureMessages.FileUnreadable(directory, work.Reason, e.Message));
                continue;
            }

            if (names.Where(HostFileNames.HasEscapes).ToList() is { Count: > 0 } undecodable)
            {
                _diagnostics.Add(ClosureMessages.NameNotUtf8(directory, work.Reason, undecodable));
                names = [.. names.Except(undecodable, StringComparer.Ordinal)];
            }

            // Push in reverse so that directories are walked in name order.
            for (var i = names.Length - 1; i >= 0; i--)
            {
                var path = UnixPath.Join(directory, names[i]);
                var node = _fs.Lstat(path);
                switch (node.Kind)
                {
                    case FileNodeKind.Directory:
                        pending.Push(path);
                        break;
                    case FileNodeKind.Error:
                        _diagnostics.Add(ClosureMessages.FileUnreadable(path, work.Reason, node.Error!));
                        break;
                }
            }

            var files = new List<(string Path, long Size)>();
            foreach (var name in names)
            {
                var path = UnixPath.Join(directory, name);
                var node = _fs.Lstat(path);
                CheckSafe(path, node, work.Reason, work.Allowed);
                switch (node.Kind)
                {
                    case FileNodeKind.File:
                        size += node.Size;
                        files.Add((path, node.Size));
                        _queue.Enqueue(new AnalyzeWork(path, path, work.Reason, null, ScriptsAlways: false));
                        break;
                    case FileNodeKind.Symlink when work.FollowsLinksOut && _fs.Resolve(path) is { Succeeded: true } target && !UnixPath.IsAtOrBelow(target.RealPath!, work.Directory):
                        size += node.Size;
                        AddRoot(new ClosureRoot(path, work.Reason));
                        break;
                    case FileNodeKind.Symlink:
                        size += node.Size;
                        _linksLeaving.Add((path, work));
                        break;
                }
            }

            _resolver.Prefetch(files, cancellationToken);
        }

        _treeSizes[work.Directory] = size;
    }

    /// <summary>
    /// Device nodes and set-ID files are refused in what is copied unless <paramref name="allowed"/> (a content's
    /// opt-in): every file of the image belongs to root, so a user's setuid program would become setuid root, and a
    /// device node would open the host's hardware.
    /// </summary>
    private void CheckSafe(string path, FileNode node, string reason, UnsafeFiles allowed)
    {
        if (!_options.RefuseUnsafeFiles)
        {
            return;
        }

        if (node.Kind == FileNodeKind.Device && !allowed.HasFlag(UnsafeFiles.Devices))
        {
            _diagnostics.Add(ClosureMessages.DeviceNode(path, reason));
        }
        else if (node.Kind == FileNodeKind.File && node.IsSetId && !allowed.HasFlag(UnsafeFiles.SetId))
        {
            _diagnostics.Add(ClosureMessages.SetIdFile(path, reason));
        }
    }

    /// <summary>
    /// Warns of each symlink in a walked directory that leads out of it to a path the image will not hold: the
    /// link is kept as it is (its target was not asked for), and would dangle.
    /// </summary>
    private void CheckLinksLeavingContents()
    {
        foreach (var (link, work) in _linksLeaving)
        {
            var resolution = _fs.Resolve(link);
            if (!resolution.Succeeded || UnixPath.IsAtOrBelow(resolution.RealPath!, work.Directory))
            {
                continue;
            }

            var real = resolution.RealPath!;
            var held = resolution.Symlinks.Where(hop => hop.Path != link).All(hop => Holds(hop.Path)) && Holds(real);
            if (!held)
            {
                _diagnostics.Add(ClosureMessages.ContentLinkDangles(link, real, work.Reason));
            }
        }
    }

    /// <summary>
    /// True when the image will hold <paramref name="path"/>: planned, or copied by the closure (itself or a tree above
    /// it), or in /proc or /sys, which the service has at run time.
    /// </summary>
    private bool Holds(string path)
    {
        if (path == "/" || _tree.IsInImage(path) || _items.ContainsKey(path) || ImageScaffold.KernelFileSystemOf(path) is not null)
        {
            return true;
        }

        for (var current = path; current != "/";)
        {
            current = UnixPath.Parent(current);
            if (_items.TryGetValue(current, out var item) && item.Kind == ClosureItemKind.Tree)
            {
                return true;
            }
        }

        return false;
    }
}
