namespace PortableService.Building;

/// <summary>What sealing added to a written image: the verity root hash, the sidecar files beside it, and whether it is signed.</summary>
/// <param name="RootHash">The root hash in lowercase hex; null when the image has no hash tree.</param>
/// <param name="Sidecars">The files published beside the image (<c>NAME.verity</c>, <c>NAME.roothash</c>, <c>NAME.roothash.p7s</c>).</param>
/// <param name="Signed">True when the root hash is signed, in a sidecar or a DDI's signature partition.</param>
internal sealed record SealedImage(string? RootHash, IReadOnlyList<string> Sidecars, bool Signed)
{
    public static SealedImage None { get; } = new(null, [], false);
}
