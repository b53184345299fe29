using PortableService.Diagnostics;
using PortableService.Spec;

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
    IReadOnlyList<Diagnostic> Warnings)
{
    /// <summary>A naked squashfs image or a discoverable disk image.</summary>
    public ImageFormat Format { get; init; }

    /// <summary>The dm-verity root hash in lowercase hex; null when the image has no hash tree.</summary>
    public string? RootHash { get; init; }

    /// <summary>The files written beside the image: <c>NAME.verity</c>, <c>NAME.roothash</c> and, when signed, <c>NAME.roothash.p7s</c>.</summary>
    public IReadOnlyList<string> Sidecars { get; init; } = [];

    /// <summary>True when the root hash is signed (a <c>.roothash.p7s</c> sidecar or a DDI signature partition).</summary>
    public bool Signed { get; init; }
}
