using DiskImages.Gpt;
using PortableService.Spec;

namespace PortableService.Building;

/// <summary>
/// How a written image is sealed and packaged, as validation settled it: the format, whether it gets a dm-verity
/// hash tree (a DDI always does), and the key files that sign the root hash. Host paths are absolute.
/// </summary>
/// <param name="Format">The naked squashfs image or a discoverable disk image.</param>
/// <param name="Verity">True when a hash tree is written: asked for, or implied by <see cref="ImageFormat.Ddi"/>.</param>
/// <param name="Architecture">Whose partition types a DDI uses.</param>
/// <param name="Certificate">The signing certificate (PEM), or a PKCS#12 file with the key; null when not signing.</param>
/// <param name="PrivateKey">The PEM private key of <paramref name="Certificate"/>; null when not signing or when it is PKCS#12.</param>
public sealed record ImageSealing(ImageFormat Format, bool Verity, DiscoverableArchitecture? Architecture, string? Certificate, string? PrivateKey)
{
    /// <summary>The naked image, no hash tree, no signature: what nixpkgs makes.</summary>
    public static ImageSealing None { get; } = new(ImageFormat.Squashfs, false, null, null, null);

    public bool Signs => Certificate is not null;
}
