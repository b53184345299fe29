namespace DiskImages.Gpt;

/// <summary>A GPT disk's partition table: the disk's GUID and size and its partitions, in table order.</summary>
/// <param name="DiskGuid">The disk GUID.</param>
/// <param name="DiskSize">The disk's size in bytes, a multiple of 512; the backup header is its last sector.</param>
/// <param name="Partitions">The partitions in the order of their entries (empty entries left out).</param>
public sealed partial record GptTable(Guid DiskGuid, long DiskSize, IReadOnlyList<GptPartition> Partitions)
{
    /// <summary>The sector size this library reads and writes: 512 bytes, as loop devices and disk image files use.</summary>
    public const int SectorSize = GptLayout.SectorSize;

    /// <summary>
    /// Places partitions of the given sizes one after the other, the first at 1 MiB and each one after at the next
    /// multiple of <paramref name="alignment"/>; returns their offsets and the disk size that holds them and the
    /// backup table, rounded up to the alignment.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive, or the alignment is not a power of two of at least 512.</exception>
    public static (long[] Offsets, long DiskSize) Allocate(IReadOnlyList<long> sizes, long alignment = 4096)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (alignment < SectorSize || !long.IsPow2(alignment))
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, string.Format(CultureInfo.InvariantCulture, Strings.AlignmentInvalid, alignment));
        }

        var offsets = new long[sizes.Count];
        var next = GptLayout.FirstPartitionOffset;
        for (var i = 0; i < sizes.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizes[i], nameof(sizes));
            offsets[i] = AlignUp(next, alignment);
            next = offsets[i] + AlignUp(sizes[i], SectorSize);
        }

        var backup = (GptLayout.EntriesSectors + 1) * (long)SectorSize;
        return (offsets, AlignUp(next + backup, alignment));
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    private long LastLba => DiskSize / SectorSize - 1;

    private long LastUsableLba => LastLba - GptLayout.EntriesSectors - 1;
}
