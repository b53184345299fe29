namespace PortableService.Inspection;

/// <summary>How an image is protected, as an image policy (<c>root=signed+verity+unprotected</c>) sees it, once verified.</summary>
public enum ImageProtection
{
    /// <summary>No hash tree, or one that does not verify: the kernel checks nothing.</summary>
    Unprotected,

    /// <summary>A dm-verity hash tree that matches the data and the root hash.</summary>
    Verity,

    /// <summary>Verity, and a root hash signature made by a trusted certificate.</summary>
    Signed,
}
