using PortableService.Diagnostics;

namespace PortableService;

/// <summary>
/// Checks a spec before any work is done and reports every problem at once, each as a PS1xxx
/// <see cref="Diagnostic"/> naming its JSON path (<c>$.pname</c>, <c>$.units[0]</c>, <c>$.symlinks[1].symlink</c>).
/// It reads the file system (units, symlink objects, content sources, squashfsTools must exist) but changes nothing.
/// </summary>
public static partial class SpecValidator
{
    /// <summary>Every problem of <paramref name="spec"/>; empty when it can be built.</summary>
    public static IReadOnlyList<Diagnostic> Validate(PortableServiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var diagnostics = new List<Diagnostic>();
        ValidateNames(spec, diagnostics);
        ValidateUnits(spec, diagnostics);
        ValidateImagePaths(spec, diagnostics);
        ValidateSquashfs(spec, diagnostics);
        ValidateOsRelease(spec, diagnostics);
        return diagnostics;
    }

    /// <summary>
    /// The reading problems of <paramref name="read"/> followed by the validation problems of its spec, leaving out
    /// those about a place reading already reported (an unreadable item is an empty placeholder in the spec).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Validate(SpecReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.IsFatal)
        {
            return read.Diagnostics;
        }

        IEnumerable<Diagnostic> own = Validate(read.Spec).Where(d => !read.Diagnostics.Any(r => Related(r.Location, d.Location)));
        return [.. read.Diagnostics, .. own];
    }

    /// <summary>Throws <see cref="DiagnosticException"/> with every diagnostic when there is an error among them.</summary>
    public static void ValidateOrThrow(PortableServiceSpec spec) => ThrowOnError(Validate(spec));

    /// <summary>Returns the read spec when reading and validation found no error; throws <see cref="DiagnosticException"/> otherwise.</summary>
    public static PortableServiceSpec ValidateOrThrow(SpecReadResult read)
    {
        ThrowOnError(Validate(read));
        return read.Spec;
    }

    private static void ThrowOnError(IReadOnlyList<Diagnostic> diagnostics)
    {
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new DiagnosticException(diagnostics);
        }
    }

    private static bool Related(string? a, string? b) =>
        a is not null && b is not null && (JsonPath.IsAtOrUnder(a, b) || JsonPath.IsAtOrUnder(b, a));

    private static void Error(List<Diagnostic> diagnostics, string code, string location, string format, params object?[] args) =>
        diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, string.Format(format, args), location));

    private static void Warning(List<Diagnostic> diagnostics, string code, string location, string format, params object?[] args) =>
        diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Warning, string.Format(format, args), location));
}
