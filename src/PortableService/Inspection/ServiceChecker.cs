using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.FileTrees;

namespace PortableService.Inspection;

/// <summary>
/// Checks that a service could start from the image: it has an ExecStart=, each program it runs exists and is
/// executable, and what the program needs to run (a script's interpreter, an ELF program's loader and libraries) is
/// found in the image by the same loader the build's closure uses, run over the image instead of the build host.
/// One checker serves every unit of an image, so each program and library is read once.
/// </summary>
internal sealed class ServiceChecker : IDisposable
{
    private readonly ClosureResolver _closure;
    private readonly ClosureOptions _options;

    public ServiceChecker(IFileTree image)
    {
        // In the image, the loader reads the image's own ld.so.cache and ld.so.conf, and store paths are plain files.
        _options = new ClosureOptions();
        _closure = new ClosureResolver(_options, image, image, building: false);
    }

    public void Dispose() => _closure.Dispose();

    /// <param name="unit">The unit.</param>
    /// <param name="hidden">Programs the profile check found hidden by the sandbox: reported there, not looked for here.</param>
    /// <param name="findings">Where findings go.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public void Check(InspectedUnit unit, IReadOnlySet<string> hidden, List<Diagnostic> findings, CancellationToken cancellationToken)
    {
        var programs = UnitFileRoots.ExecPrograms(unit.Text);
        if (!programs.Any(p => p.Key == "ExecStart") && !programs.Any(p => p.Key == "ExecStop"))
        {
            findings.Add(ImageInspector.Error(InspectionCodes.NoExecStart, $"{unit.Name} has no ExecStart=: systemd refuses to start it.", unit.Path));
        }

        var roots = new List<ClosureRoot>();
        foreach (var (key, program) in programs.DistinctBy(p => p.Program).Where(p => !hidden.Contains(p.Program)))
        {
            if (CheckProgram(unit, key, program, findings) is { } path)
            {
                roots.Add(new ClosureRoot(path, $"{unit.Name} {key}={program}", Required: true));
            }
        }

        try
        {
            _closure.Resolve(roots, cancellationToken);
        }
        catch (DiagnosticException e)
        {
            findings.AddRange(e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Finding));
        }
    }

    /// <summary>The program's path in the image when it is an executable file there; a finding otherwise.</summary>
    private string? CheckProgram(InspectedUnit unit, string key, string program, List<Diagnostic> findings)
    {
        var files = _closure.FileSystem;
        var path = program.StartsWith('/')
            ? program
            : _options.StandardPath.Select(d => UnixPath.Join(d, program)).FirstOrDefault(p => files.Resolve(p).Succeeded);
        var resolution = path is null ? null : files.Resolve(path);
        if (resolution is not { Succeeded: true })
        {
            var where = program.StartsWith('/') ? program : $"'{program}' (searched {string.Join(':', _options.StandardPath)})";
            findings.Add(ImageInspector.Error(InspectionCodes.ProgramMissing, $"{unit.Name} {key}={program}: {where} is not in the image, so the service would fail with status 203/EXEC. Add it to contents.", unit.Path));
            return null;
        }

        if (resolution.Node.Kind != FileNodeKind.File || !resolution.Node.IsExecutable)
        {
            findings.Add(ImageInspector.Error(InspectionCodes.ProgramNotExecutable, $"{unit.Name} {key}={program}: {path} is not an executable file.", unit.Path));
            return null;
        }

        return path;
    }

    /// <summary>The closure's verdict in inspect's terms: what would keep the program from starting.</summary>
    private static Diagnostic Finding(Diagnostic closure) => closure.Code switch
    {
        ClosureMessages.LibraryNotFoundCode => closure with { Code = InspectionCodes.LibraryMissing, Message = $"{ClosureMessages.WithoutAdvice(closure.Message)} The service would fail with 'error while loading shared libraries'." },
        ClosureMessages.ElfInterpreterNotFoundCode or ClosureMessages.ScriptInterpreterNotFoundCode => closure with { Code = InspectionCodes.InterpreterMissing, Message = $"{ClosureMessages.WithoutAdvice(closure.Message)} The service would fail with status 203/EXEC." },
        _ => closure with { Message = ClosureMessages.WithoutAdvice(closure.Message) },
    };
}
