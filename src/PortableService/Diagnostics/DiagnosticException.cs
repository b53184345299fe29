namespace PortableService.Diagnostics;

/// <summary>A user error: the input has problems, each described by a diagnostic. Nothing was written.</summary>
public sealed class DiagnosticException(IReadOnlyList<Diagnostic> diagnostics)
    : Exception(string.Join(Environment.NewLine, diagnostics))
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
