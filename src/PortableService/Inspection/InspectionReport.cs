using PortableService.Diagnostics;

namespace PortableService.Inspection;

/// <summary>What `inspect` found in an image: its identity, the units portabled would attach, and the findings.</summary>
public sealed record InspectionReport(
    string Image,
    IReadOnlyList<string> Prefixes,
    string? OsReleasePath,
    IReadOnlyDictionary<string, string> OsRelease,
    IReadOnlyList<InspectedUnit> Units,
    IReadOnlyList<Diagnostic> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == DiagnosticSeverity.Error);
}
