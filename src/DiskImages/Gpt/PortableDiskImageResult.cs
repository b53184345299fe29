using DiskImages.Signing;
using DiskImages.Verity;

namespace DiskImages.Gpt;

/// <summary>What <see cref="PortableDiskImage"/> wrote.</summary>
/// <param name="Verity">The root file system's hash tree: root hash and parameters.</param>
/// <param name="Table">The partition table: root, root-verity and, when signed, root-verity-sig.</param>
/// <param name="Signature">The signature partition's document, when the image is signed.</param>
public sealed record PortableDiskImageResult(VerityResult Verity, GptTable Table, SignatureJson? Signature);
