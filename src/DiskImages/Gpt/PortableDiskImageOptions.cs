using DiskImages.Signing;
using DiskImages.Verity;

namespace DiskImages.Gpt;

/// <summary>How <see cref="PortableDiskImage"/> writes a discoverable disk image.</summary>
public sealed record PortableDiskImageOptions
{
    /// <summary>Whose partition types to use; null (the default) for the architecture this process runs on.</summary>
    public DiscoverableArchitecture? Architecture { get; init; }

    /// <summary>The key that signs the root hash; null (the default) writes no signature partition.</summary>
    public SigningKey? SigningKey { get; init; }

    /// <summary>The hash tree's salt, UUID and parallelism; null for the defaults (salt and UUID from the data).</summary>
    public VerityOptions? Verity { get; init; }

    /// <summary>The disk GUID; null (the default) derives it from the root hash, so the same image gives the same disk.</summary>
    public Guid? DiskGuid { get; init; }
}
