namespace Squashfs.Blocks;

/// <summary>Counts gathered while writing file data.</summary>
internal sealed class DataStatistics
{
    public long Files { get; set; }
    public long BytesRead { get; set; }
    public long DuplicateFiles { get; set; }
    public long DuplicateBytes { get; set; }
    public long SparseBytes { get; set; }
}
