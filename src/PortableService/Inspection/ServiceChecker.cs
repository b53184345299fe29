using System.Text;
using PortableService.Closure;
using PortableService.Closure.Elf;
using PortableService.Diagnostics;
using Squashfs;
using Squashfs.Reading;

namespace PortableService.Inspection;

/// <summary>
/// Checks that a service could start from the image: it has an ExecStart=, each program it runs exists and is
/// executable, a script's interpreter is there, and an ELF program's loader and libraries are found where glibc's
/// loader would look for them inside the image.
/// </summary>
internal sealed class ServiceChecker(SquashfsReader reader, InspectedUnit unit, List<Diagnostic> findings)
{
    /// <summary>systemd's fixed search path for programs given without a directory.</summary>
    private static readonly string[] SearchPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>Larger programs are not copied out for their ELF headers; they are only checked to exist.</summary>
    private const long MaxElfSize = 256L << 20;

    private readonly HashSet<string> _checkedObjects = new(StringComparer.Ordinal);
    private IReadOnlyList<string>? _configuredLibraryDirectories;

    public void Check()
    {
        var programs = UnitFileRoots.ExecPrograms(unit.Text);
        if (!programs.Any(p => p.Key == "ExecStart") && !programs.Any(p => p.Key == "ExecStop"))
        {
            findings.Add(ImageInspector.Error(InspectionCodes.NoExecStart, $"{unit.Name} has no ExecStart=: systemd refuses to start it.", unit.Path));
        }

        foreach (var (key, program) in programs.DistinctBy(p => p.Program))
        {
            CheckProgram(key, program);
        }
    }

    private void CheckProgram(string key, string program)
    {
        var path = program.StartsWith('/') ? program : SearchPath.Select(d => d + "/" + program).FirstOrDefault(p => reader.Resolve(p) is not null);
        if (path is null || reader.Resolve(path) is not { } entry)
        {
            findings.Add(ImageInspector.Error(InspectionCodes.ProgramMissing, $"{unit.Name} {key}={program}: {(program.StartsWith('/') ? program : $"'{program}' (searched {string.Join(':', SearchPath)})")} is not in the image, so the service would fail with status 203/EXEC. Add it to contents.", unit.Path));
            return;
        }

        if (entry.Kind != SquashfsEntryKind.File || (entry.Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            findings.Add(ImageInspector.Error(InspectionCodes.ProgramNotExecutable, $"{unit.Name} {key}={program}: {path} is not an executable file.", unit.Path));
            return;
        }

        CheckExecutable(path, entry, $"{unit.Name} {key}={program}");
    }

    private void CheckExecutable(string path, SquashfsEntry entry, string context)
    {
        var head = new byte[ElfFile.HeadSize];
        int length;
        using (var stream = reader.OpenFile(entry))
        {
            length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (length > 2 && head[0] == '#' && head[1] == '!')
        {
            var line = Encoding.UTF8.GetString(head, 2, length - 2).Split('\n')[0].Trim();
            var interpreter = line.Split((char[])[' ', '\t'], 2)[0];
            if (interpreter.Length > 0 && reader.Resolve(interpreter) is not { Kind: SquashfsEntryKind.File })
            {
                findings.Add(ImageInspector.Error(InspectionCodes.InterpreterMissing, $"{context}: the script's interpreter {interpreter} is not in the image.", path));
            }

            return;
        }

        if (ElfFile.HasMagic(head.AsSpan(0, length)) && ReadElf(entry) is { } elf)
        {
            // Only the program's own PT_INTERP is used; libraries name one too, but the program's loader loads them.
            if (elf.Interpreter is { } interpreter && reader.Resolve(interpreter) is not { Kind: SquashfsEntryKind.File })
            {
                findings.Add(ImageInspector.Error(InspectionCodes.InterpreterMissing, $"{context}: the ELF loader {interpreter} that {path} needs is not in the image, so it cannot run. Portable services must ship the loader at its standard path.", path));
            }

            CheckLibraries(path, elf, context);
        }
    }

    private void CheckLibraries(string path, ElfFile elf, string context)
    {
        if (!_checkedObjects.Add(path))
        {
            return;
        }

        foreach (var library in elf.Needed)
        {
            var found = FindLibrary(library, path, elf);
            if (found is null)
            {
                findings.Add(ImageInspector.Error(InspectionCodes.LibraryMissing, $"{context}: {path} needs {library}, which is not in the image (searched its RPATH/RUNPATH, the image's ld.so.conf and the standard directories): the service would fail with 'error while loading shared libraries'.", path));
                continue;
            }

            if (!_checkedObjects.Contains(found.Value.Path) && ReadElf(found.Value.Entry) is { } dependency)
            {
                CheckLibraries(found.Value.Path, dependency, context);
            }
        }
    }

    private (string Path, SquashfsEntry Entry)? FindLibrary(string name, string requester, ElfFile elf)
    {
        if (name.Contains('/'))
        {
            return reader.Resolve(name) is { Kind: SquashfsEntryKind.File } direct ? (name, direct) : null;
        }

        var origin = requester[..requester.LastIndexOf('/')];
        var paths = elf.RunPath is null ? Split(elf.RPath, origin) : [];
        paths = [.. paths, .. Split(elf.RunPath, origin), .. ConfiguredDirectories()];
        if (!elf.NoDefaultLibraries)
        {
            var tuple = elf.Abi.MultiarchTuple;
            var generic = elf.Abi.GenericLibDirectory;
            paths = [.. paths, .. tuple is null ? [] : new[] { "/lib/" + tuple, "/usr/lib/" + tuple }, "/" + generic, "/usr/" + generic, "/lib", "/usr/lib"];
        }

        foreach (var directory in paths)
        {
            var candidate = directory.TrimEnd('/') + "/" + name;
            if (reader.Resolve(candidate) is { Kind: SquashfsEntryKind.File } entry)
            {
                return (candidate, entry);
            }
        }

        return null;
    }

    private static IEnumerable<string> Split(string? list, string origin) => list is null
        ? []
        : list.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => d.Replace("${ORIGIN}", origin, StringComparison.Ordinal).Replace("$ORIGIN", origin, StringComparison.Ordinal));

    /// <summary>The directories named in the image's /etc/ld.so.conf and the files it includes.</summary>
    private IReadOnlyList<string> ConfiguredDirectories()
    {
        if (_configuredLibraryDirectories is not null)
        {
            return _configuredLibraryDirectories;
        }

        var directories = new List<string>();
        var files = new Queue<string>(["/etc/ld.so.conf"]);
        var seen = new HashSet<string>();
        while (files.TryDequeue(out var file) && seen.Add(file) && seen.Count < 100)
        {
            if (reader.Resolve(file) is not { Kind: SquashfsEntryKind.File } entry)
            {
                continue;
            }

            foreach (var raw in Encoding.UTF8.GetString(reader.ReadAllBytes(entry)).Split('\n'))
            {
                var line = raw.Split('#')[0].Trim();
                if (line.StartsWith("include ", StringComparison.Ordinal))
                {
                    foreach (var included in Glob(line["include ".Length..].Trim()))
                    {
                        files.Enqueue(included);
                    }
                }
                else if (line.StartsWith('/'))
                {
                    directories.Add(line);
                }
            }
        }

        return _configuredLibraryDirectories = directories;
    }

    /// <summary>ld.so.conf's includes are "DIR/*.conf"-style globs; only a '*' in the last component is supported.</summary>
    private IEnumerable<string> Glob(string pattern)
    {
        var slash = pattern.LastIndexOf('/');
        if (slash < 0 || !pattern[(slash + 1)..].Contains('*'))
        {
            return [pattern];
        }

        var directory = pattern[..slash];
        var parts = pattern[(slash + 1)..].Split('*', 2);
        return reader.Resolve(directory) is { Kind: SquashfsEntryKind.Directory } dir
            ? reader.GetChildren(dir).Where(c => c.Name.StartsWith(parts[0], StringComparison.Ordinal) && c.Name.EndsWith(parts[1], StringComparison.Ordinal)).Select(c => directory + "/" + c.Name)
            : [];
    }

    /// <summary>Reads an ELF file's headers. The parser works on file handles, so the file is copied out to a temporary file.</summary>
    private ElfFile? ReadElf(SquashfsEntry entry)
    {
        if (entry.Size > MaxElfSize)
        {
            return null;
        }

        var temporary = Path.GetTempFileName();
        try
        {
            using (var output = File.Create(temporary))
            using (var input = reader.OpenFile(entry))
            {
                input.CopyTo(output);
            }

            using var handle = File.OpenHandle(temporary);
            var head = new byte[ElfFile.HeadSize];
            var read = RandomAccess.Read(handle, head, 0);
            return ElfFile.HasMagic(head.AsSpan(0, read)) ? ElfFile.Read(handle, head.AsSpan(0, read), entry.Size) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
