using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Systemd;

namespace PortableService.Validation;

/// <summary>
/// Checks a spec before any work is done and reports every problem at once, each as a PS1xxx
/// <see cref="Diagnostic"/> naming its JSON path (<c>$.pname</c>, <c>$.units[0]</c>, <c>$.symlinks[1].symlink</c>).
/// It reads the file system (units, symlink objects, content sources, squashfsTools must exist) but changes nothing.
/// </summary>
public static partial class SpecValidator
{
    /// <summary>Every problem of <paramref name="spec"/>; empty when it can be built.</summary>
    public static IReadOnlyList<Diagnostic> Validate(PortableServiceSpec spec) => Check(spec, SpecOrigins.SpecFile).Diagnostics;

    /// <summary>Every problem of <paramref name="spec"/>, and the validated model when none is an error.</summary>
    private static (IReadOnlyList<Diagnostic> Diagnostics, ValidatedSpec? Model) Check(PortableServiceSpec spec, SpecOrigins origins)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var diagnostics = new SpecProblems(origins);
        ValidateNames(spec, diagnostics);
        var unitTexts = ValidateUnits(spec, diagnostics);
        ValidateImagePaths(spec, diagnostics);
        var (compression, blockSize) = ValidateSquashfs(spec, diagnostics);
        ValidateOsRelease(spec, diagnostics);
        var sealing = ValidateSealing(spec, diagnostics);
        var (type, baseOsRelease) = ValidateLayers(spec, diagnostics);
        var profile = spec.Profile is "" ? null : PortableProfile.Find(spec.Profile ?? "default");
        if (profile is null)
        {
            diagnostics.Error(SpecDiagnosticCodes.ProfileNotFound, "$.profile", SpecMessages.ProfileNotFound, spec.Profile, string.Join(", ", PortableProfile.StandardNames));
        }

        var model = diagnostics.HasErrors || compression is null || profile is null
            ? null
            : new ValidatedSpec(spec, unitTexts, compression, blockSize, profile) { Sealing = sealing, Type = type, BaseOsRelease = baseOsRelease, Warnings = [.. diagnostics.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning)] };
        return (diagnostics.Diagnostics, model);
    }

    /// <summary>
    /// The reading problems of <paramref name="read"/> followed by the validation problems of its spec, leaving out
    /// those about a place reading already reported (an unreadable item is an empty placeholder in the spec).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Validate(SpecReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return read.IsFatal ? read.Diagnostics : WithReadProblems(read, Check(read.Spec, read.Origins).Diagnostics);
    }

    /// <summary>The validated model; throws <see cref="DiagnosticException"/> with every diagnostic when there is an error among them.</summary>
    public static ValidatedSpec ValidateOrThrow(PortableServiceSpec spec)
    {
        var (diagnostics, model) = Check(spec, SpecOrigins.SpecFile);
        ThrowOnError(diagnostics);
        return model!;
    }

    /// <summary>The validated model of the read spec when reading and validation found no error; throws <see cref="DiagnosticException"/> otherwise.</summary>
    public static ValidatedSpec ValidateOrThrow(SpecReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.IsFatal)
        {
            throw new DiagnosticException(read.Diagnostics);
        }

        var (diagnostics, model) = Check(read.Spec, read.Origins);
        ThrowOnError(WithReadProblems(read, diagnostics));
        return model!;
    }

    private static IReadOnlyList<Diagnostic> WithReadProblems(SpecReadResult read, IReadOnlyList<Diagnostic> own) =>
        [.. read.Diagnostics, .. own.Where(d => !read.Diagnostics.Any(r => Related(r.Location, d.Location)))];

    private static void ThrowOnError(IReadOnlyList<Diagnostic> diagnostics)
    {
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new DiagnosticException(diagnostics);
        }
    }

    private static bool Related(string? a, string? b) =>
        a is not null && b is not null && (JsonPath.IsAtOrUnder(a, b) || JsonPath.IsAtOrUnder(b, a));
}
