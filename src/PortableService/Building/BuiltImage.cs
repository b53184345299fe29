namespace PortableService.Building;

/// <summary>A finished image and what it took to make it.</summary>
public sealed record BuiltImage(
    string Path,
    long Size,
    string Sha256,
    long Files,
    long BytesIn,
    int ClosureItems,
    string Writer,
    TimeSpan Elapsed);
