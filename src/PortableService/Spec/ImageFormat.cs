namespace PortableService.Spec;

/// <summary>What a build writes as <c>NAME.raw</c>.</summary>
public enum ImageFormat
{
    /// <summary>The naked squashfs image nixpkgs makes, with verity and signature sidecars when asked for.</summary>
    Squashfs,

    /// <summary>A GPT discoverable disk image: the squashfs root partition, its verity partition and, when signed, the signature partition.</summary>
    Ddi,
}
