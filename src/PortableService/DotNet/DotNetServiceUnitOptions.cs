namespace PortableService.DotNet;

/// <summary>What a generated .NET service unit says beyond what the app itself tells.</summary>
public sealed record DotNetServiceUnitOptions
{
    /// <summary>The unit's <c>Description=</c>; null uses the service's name.</summary>
    public string? Description { get; init; }

    /// <summary>Where an ASP.NET Core app listens (<c>ASPNETCORE_URLS</c>).</summary>
    public string Urls { get; init; } = "http://0.0.0.0:8080";

    /// <summary>
    /// What the <c>&lt;name&gt;.socket</c> unit listens on (its <c>ListenStream=</c>: a port, an address with a port, or a
    /// socket path); null for no socket activation. The service then takes the listening socket from systemd instead of
    /// <see cref="Urls"/>.
    /// </summary>
    public string? Socket { get; init; }

    /// <summary>The .NET install in the image for a framework-dependent app (<c>DOTNET_ROOT</c>); null finds the host's.</summary>
    public string? DotNetRoot { get; init; }
}
