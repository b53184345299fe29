using PortableService.Diagnostics;
using Squashfs.Tree;

namespace PortableService.Layout;

/// <summary>The tree of an image as it will be written, and warnings about what of the host it could not keep.</summary>
public sealed record LaidOutImage(ImageDirectory Root, IReadOnlyList<Diagnostic> Warnings);
