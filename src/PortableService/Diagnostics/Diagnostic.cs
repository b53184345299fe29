namespace PortableService.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>
/// One problem found in the input, with a stable code (PS1xxx spec, PS2xxx closure, PS3xxx image) and the place it
/// concerns: a JSON path into the spec (<c>$.units[0]</c>) or a file path.
/// </summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, string? Location)
{
    public override string ToString() => Location is null ? $"{Severity.ToString().ToLowerInvariant()} {Code}: {Message}" : $"{Location}: {Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}
