namespace PortableService.DotNet;

/// <summary>What a generated .NET service unit says beyond what the app itself tells.</summary>
public sealed record DotNetServiceUnitOptions
{
    /// <summary>The unit's <c>Description=</c>; null uses the service's name.</summary>
    public string? Description { get; init; }

    /// <summary>Where an ASP.NET Core app listens (<c>ASPNETCORE_URLS</c>).</summary>
    public string Urls { get; init; } = "http://0.0.0.0:8080";

    /// <summary>The .NET install in the image for a framework-dependent app (<c>DOTNET_ROOT</c>); null finds the host's.</summary>
    public string? DotNetRoot { get; init; }
}
