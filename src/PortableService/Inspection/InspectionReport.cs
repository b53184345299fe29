using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Systemd;

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
    /// <summary>A portable image, or an extension or confext (then <see cref="OsReleasePath"/> is its extension-release file).</summary>
    public ImageType Kind { get; init; }

    /// <summary>For an extension checked against a base image: whether portabled would take it over that base.</summary>
    public bool? MatchesBase { get; init; }

    /// <summary>The portable profile the services were checked against.</summary>
    public PortableProfile? Profile { get; init; }
    /// <summary>The hash tree and signature checks, and the protection level they give the image.</summary>
    public ImageVerification? Verification { get; init; }

    public bool HasErrors => Findings.Any(f => f.Severity == DiagnosticSeverity.Error);
}
