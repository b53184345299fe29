namespace PortableService.DotNet;

/// <summary>A .NET app found in a content: what it is made of, and what that asks of the image.</summary>
public sealed record DotNetApp
{
    /// <summary>The app's name: the apphost's, the AOT binary's, or the runtimeconfig's without <c>.runtimeconfig.json</c>.</summary>
    public required string Name { get; init; }

    public required DotNetAppKind Kind { get; init; }

    /// <summary>The folder holding the app on the build host.</summary>
    public required string HostDirectory { get; init; }

    /// <summary>The executable that starts the app (apphost or AOT binary), relative to the folder; null without one (<c>UseAppHost=false</c>).</summary>
    public string? Executable { get; init; }

    /// <summary>The entry assembly (<c>Name.dll</c>) of a JIT app, which <c>dotnet</c> runs when there is no apphost.</summary>
    public string? EntryAssembly { get; init; }

    /// <summary>What the app's <c>runtimeconfig.json</c> says; empty for Native AOT.</summary>
    public RuntimeConfig RuntimeConfig { get; init; } = new();

    /// <summary>The app uses <c>Microsoft.Extensions.Hosting.Systemd</c>, which notifies systemd when started.</summary>
    public bool UsesSystemdHosting { get; init; }

    /// <summary>The app is an ASP.NET Core app, which listens on <c>ASPNETCORE_URLS</c>.</summary>
    public bool IsAspNetCore { get; init; }

    /// <summary>The app compiles code at run time, which <c>MemoryDenyWriteExecute=yes</c> forbids.</summary>
    public bool UsesJit => Kind != DotNetAppKind.NativeAot;

    /// <summary>Whether the runtime loads ICU; a Native AOT app is assumed to unless told otherwise.</summary>
    public bool NeedsIcu => !RuntimeConfig.InvariantGlobalization;
}
