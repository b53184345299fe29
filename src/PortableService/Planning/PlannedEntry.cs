using PortableService.Spec;
using Squashfs.Tree;

namespace PortableService.Planning;

/// <summary>
/// One thing the spec itself puts into the image, at <paramref name="ImagePath"/>, and why. What programs need on top
/// of these comes from the closure.
/// </summary>
/// <param name="ImagePath">The normalised absolute path in the image.</param>
/// <param name="Kind">What goes there.</param>
/// <param name="Reason">Where it comes from, as the user would recognise it: <c>contents[0]</c>, <c>units[1]</c>, <c>scaffold</c>.</param>
public sealed record PlannedEntry(string ImagePath, PlannedEntryKind Kind, string Reason)
{
    /// <summary>A <see cref="PlannedEntryKind.Content"/>'s host file or directory (no symlink in its path).</summary>
    public string? HostPath { get; init; }

    /// <summary>A <see cref="PlannedEntryKind.File"/>'s bytes.</summary>
    public ReadOnlyMemory<byte> Bytes { get; init; }

    /// <summary>Extended attributes of a <see cref="PlannedEntryKind.File"/> (the extension-release file's <c>user.extension-release.strict</c>).</summary>
    public IReadOnlyList<ImageXattr> Xattrs { get; init; } = [];

    /// <summary>A <see cref="PlannedEntryKind.Symlink"/>'s target.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>What a <see cref="PlannedEntryKind.Content"/> directory leaves out.</summary>
    public ContentExclusion Exclusion { get; init; } = ContentExclusion.None;

    /// <summary>The unsafe files (devices, set-ID files) a <see cref="PlannedEntryKind.Content"/> may hold, as its spec allows.</summary>
    public Closure.UnsafeFiles AllowedUnsafeFiles { get; init; }
}
