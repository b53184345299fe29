namespace DiskImages.Verity;

/// <summary>How <see cref="VerityHashTree.Format(Stream, Stream, VerityOptions?, CancellationToken)"/> builds a hash tree.</summary>
public sealed record VerityOptions
{
    /// <summary>
    /// The salt (at most 256 bytes, empty allowed), as <c>veritysetup format --salt</c> takes it. Null (the default)
    /// derives a 32-byte salt from the data, so the same data gives the same tree; that costs one more read of the data.
    /// </summary>
    public byte[]? Salt { get; init; }

    /// <summary>The UUID stored in the superblock; null (the default) derives one from the data, like the salt.</summary>
    public Guid? Uuid { get; init; }

    /// <summary>Bytes per data block, a power of two from 512 to 524288; 4096 as veritysetup's default.</summary>
    public int DataBlockSize { get; init; } = 4096;

    /// <summary>Bytes per hash block, a power of two from 512 to 524288; 4096 as veritysetup's default.</summary>
    public int HashBlockSize { get; init; } = 4096;

    /// <summary>How many data blocks are hashed at once; the tree is the same for any value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
