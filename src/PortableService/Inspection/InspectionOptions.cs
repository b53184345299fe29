namespace PortableService.Inspection;

/// <summary>What `inspect` trusts when it checks a root hash signature.</summary>
public sealed record InspectionOptions
{
    /// <summary>Where systemd looks for the PEM certificates (<c>*.crt</c>) it trusts for root hash signatures, in order.</summary>
    public static IReadOnlyList<string> VerityDirectories { get; } = ["/etc/verity.d", "/run/verity.d", "/usr/local/lib/verity.d", "/usr/lib/verity.d"];

    /// <summary>A PEM certificate file (or a directory of <c>*.crt</c> files) to trust instead of <see cref="TrustedDirectories"/>.</summary>
    public string? Certificate { get; init; }

    /// <summary>The directories of trusted certificates used when no <see cref="Certificate"/> is given.</summary>
    public IReadOnlyList<string> TrustedDirectories { get; init; } = VerityDirectories;
}
