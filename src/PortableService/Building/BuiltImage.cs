using PortableService.Diagnostics;

namespace PortableService.Building;

/// <summary>A finished image, what it took to make it, and the warnings met on the way (such as allowed missing libraries).</summary>
public sealed record BuiltImage(
    string Path,
    long Size,
    string Sha256,
    long Files,
    long BytesIn,
    int ClosureItems,
    string Writer,
    TimeSpan Elapsed,
    IReadOnlyList<Diagnostic> Warnings);
