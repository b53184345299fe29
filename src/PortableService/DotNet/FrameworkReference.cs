namespace PortableService.DotNet;

/// <summary>A shared framework a <c>runtimeconfig.json</c> asks for, and how far the host may roll forward from it.</summary>
/// <param name="Name"><c>Microsoft.NETCore.App</c>, <c>Microsoft.AspNetCore.App</c>.</param>
/// <param name="Version">The version asked for (the lowest acceptable).</param>
/// <param name="RollForward">The host's policy, <see cref="RollForwardPolicy.Minor"/> unless the file says otherwise.</param>
public sealed record FrameworkReference(string Name, string Version, RollForwardPolicy RollForward);
