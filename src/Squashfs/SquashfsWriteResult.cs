namespace Squashfs;

/// <summary>What a write produced, for summaries and statistics.</summary>
public sealed record SquashfsWriteResult(
    long ImageSize,
    long Inodes,
    long Files,
    long BytesRead,
    long DuplicateFiles,
    long DuplicateBytes,
    long SparseBytes,
    long FragmentBlocks)
{
    /// <summary>Data and fragment blocks taken from <see cref="SquashfsWriterOptions.BlockCache"/> instead of compressed.</summary>
    public long CachedBlocks { get; init; }
}
