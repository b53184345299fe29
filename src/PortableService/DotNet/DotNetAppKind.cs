namespace PortableService.DotNet;

/// <summary>How a .NET app carries its runtime, which decides what the image must add.</summary>
public enum DotNetAppKind
{
    /// <summary>The app's assemblies only: the shared framework and the host come from a .NET install.</summary>
    FrameworkDependent,

    /// <summary>The runtime (<c>libcoreclr.so</c>) ships in the app's folder.</summary>
    SelfContained,

    /// <summary>One native executable compiled ahead of time: no JIT, no runtime files.</summary>
    NativeAot,
}
