using PortableService.Diagnostics;

namespace PortableService.Spec;

/// <summary>
/// What <see cref="SpecReader"/> made of a spec file: the spec, as complete as the file allowed, and every problem
/// found while reading. Items that could not be read keep their place in the lists as empty placeholders, so the
/// indices in later diagnostics still match the file. Apply command-line overrides with
/// <c>result with { Spec = result.Spec with { ... }, Origins = ... }</c> (naming the overridden values), then check everything with
/// <see cref="SpecValidator.Validate(SpecReadResult)"/>.
/// </summary>
public sealed record SpecReadResult(PortableServiceSpec Spec, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the file could not be read at all (missing, not JSON, not an object): <see cref="Spec"/> is then empty.</summary>
    public bool IsFatal { get; init; }

    /// <summary>How messages name the spec's values: by JSON path, or by the options that overrode them.</summary>
    public SpecOrigins Origins { get; init; } = SpecOrigins.SpecFile;

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
