using PortableService.Spec;

namespace PortableService.Inspection;

/// <summary>What verifying an image's hash tree and signature found, and where its squashfs file system lies.</summary>
/// <param name="Format">A naked squashfs image (with or without sidecars) or a discoverable disk image.</param>
/// <param name="Protection">The protection that verified: none, verity, or verity with a trusted signature.</param>
/// <param name="RootHash">The root hash the image claims, lowercase hex; null when it has none.</param>
/// <param name="Signer">The subject of the trusted certificate that signed the root hash, when one did.</param>
/// <param name="Architecture">A DDI's architecture, from its root partition's type; null for a naked image.</param>
/// <param name="RootOffset">Where the squashfs starts in the file: 0, or the root partition's offset; null when a DDI has no root partition.</param>
/// <param name="RootSize">The bytes of the squashfs's file or partition.</param>
public sealed record ImageVerification(
    ImageFormat Format,
    ImageProtection Protection,
    string? RootHash,
    string? Signer,
    string? Architecture,
    long? RootOffset,
    long RootSize);
