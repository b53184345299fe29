namespace DiskImages.Gpt;

/// <summary>One partition of a GPT disk.</summary>
/// <param name="Type">The partition type GUID, such as a discoverable root partition's.</param>
/// <param name="Uuid">The partition's own GUID.</param>
/// <param name="Name">The partition name (label), at most 36 UTF-16 code units.</param>
/// <param name="Offset">Where the partition starts, in bytes from the start of the disk; a multiple of 512.</param>
/// <param name="Size">The partition's size in bytes; a positive multiple of 512.</param>
/// <param name="Attributes">The attribute bits.</param>
public sealed record GptPartition(Guid Type, Guid Uuid, string Name, long Offset, long Size, GptPartitionAttributes Attributes = GptPartitionAttributes.None)
{
    /// <summary>The first byte after the partition.</summary>
    public long End => Offset + Size;
}
