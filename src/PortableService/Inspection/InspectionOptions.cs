namespace PortableService.Inspection;

/// <summary>How `inspect` checks an image: the profile its services are checked against, and what it trusts when it checks a root hash signature.</summary>
public sealed record InspectionOptions
{
    /// <summary>The portable profile the services are checked against; null is the <c>default</c> profile.</summary>
    public Systemd.PortableProfile? Profile { get; init; }

    /// <summary>Where systemd looks for the PEM certificates (<c>*.crt</c>) it trusts for root hash signatures, in order.</summary>
    public static IReadOnlyList<string> VerityDirectories { get; } = ["/etc/verity.d", "/run/verity.d", "/usr/local/lib/verity.d", "/usr/lib/verity.d"];

    /// <summary>A PEM certificate file (or a directory of <c>*.crt</c> files) to trust instead of <see cref="TrustedDirectories"/>.</summary>
    public string? Certificate { get; init; }

    /// <summary>A base image (NAME.raw) to check an extension against, as portabled would when attaching it with <c>--extension</c>.</summary>
    public string? Base { get; init; }

    /// <summary>The directories of trusted certificates used when no <see cref="Certificate"/> is given.</summary>
    public IReadOnlyList<string> TrustedDirectories { get; init; } = VerityDirectories;
}
