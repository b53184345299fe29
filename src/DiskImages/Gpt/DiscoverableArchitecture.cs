namespace DiskImages.Gpt;

/// <summary>
/// The Discoverable Partitions Specification's partition types of one architecture for a root file system, its
/// dm-verity hash tree and its signature, with the names systemd gives them.
/// </summary>
/// <param name="Name">systemd's architecture name, such as <c>x86-64</c> or <c>arm64</c>.</param>
/// <param name="Root">The root partition type.</param>
/// <param name="RootVerity">The root-verity partition type.</param>
/// <param name="RootVeritySignature">The root-verity-sig partition type.</param>
public sealed record DiscoverableArchitecture(string Name, Guid Root, Guid RootVerity, Guid RootVeritySignature)
{
    /// <summary>The root partition's name as systemd-repart labels it: <c>root-ARCH</c>.</summary>
    public string RootLabel => $"root-{Name}";

    /// <summary>The verity partition's name: <c>root-ARCH-verity</c>.</summary>
    public string RootVerityLabel => $"root-{Name}-verity";

    /// <summary>The signature partition's name: <c>root-ARCH-verity-sig</c>.</summary>
    public string RootVeritySignatureLabel => $"root-{Name}-verity-sig";
}
