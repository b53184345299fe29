namespace DiskImages.Gpt;

/// <summary>
/// GPT partition attribute bits: bits 0-2 are UEFI's, bits 48-63 belong to the partition type. The values named here
/// are those the Discoverable Partitions Specification gives root, verity and signature partitions; other bits are
/// kept as they are read.
/// </summary>
[Flags]
public enum GptPartitionAttributes : ulong
{
    /// <summary>No attribute.</summary>
    None = 0,

    /// <summary>UEFI: the platform needs this partition to work.</summary>
    RequiredPartition = 1UL << 0,

    /// <summary>Discoverable partitions: grow the file system to the partition's size on mount.</summary>
    GrowFileSystem = 1UL << 59,

    /// <summary>Discoverable partitions: mount read-only.</summary>
    ReadOnly = 1UL << 60,

    /// <summary>Discoverable partitions: do not mount automatically.</summary>
    NoAuto = 1UL << 63,
}
