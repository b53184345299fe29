namespace PortableService.DotNet;

/// <summary>How .NET apps found in contents are completed with what their runtime loads at run time.</summary>
public sealed record DotNetOptions
{
    /// <summary>Keep <c>*.dbg</c> and <c>*.pdb</c> files, left out by default: the service never reads them.</summary>
    public bool IncludeDebugSymbols { get; init; }

    /// <summary>
    /// The app runs with <c>InvariantGlobalization</c>: leave ICU out. A <c>runtimeconfig.json</c> says so itself; a
    /// Native AOT binary does not, so its build says it here.
    /// </summary>
    public bool InvariantGlobalization { get; init; }

    /// <summary>The .NET install framework-dependent apps take their runtime from; null finds the host's (<see cref="DotNetInstall.Locate"/>).</summary>
    public string? DotNetRoot { get; init; }
}
