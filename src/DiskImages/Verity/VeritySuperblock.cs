using System.Collections.Immutable;

namespace DiskImages.Verity;

/// <summary>
/// The parameters of a dm-verity hash tree as veritysetup stores them in the superblock at the start of the hash
/// file: what <c>veritysetup dump</c> shows.
/// </summary>
/// <param name="HashType">1 for the normal format (salt before the data), 0 for Chrome OS's (salt after).</param>
/// <param name="Uuid">The hash device's UUID, stored in the byte order of its text form.</param>
/// <param name="Algorithm">The hash algorithm's name, such as <c>sha256</c>.</param>
/// <param name="DataBlockSize">Bytes per data block.</param>
/// <param name="HashBlockSize">Bytes per hash block.</param>
/// <param name="DataBlocks">How many data blocks the tree covers.</param>
/// <param name="Salt">The salt hashed in front of every block.</param>
public sealed partial record VeritySuperblock(
    int HashType,
    Guid Uuid,
    string Algorithm,
    int DataBlockSize,
    int HashBlockSize,
    long DataBlocks,
    ImmutableArray<byte> Salt)
{
    /// <summary>The superblock format version; veritysetup writes 1, the only one there is.</summary>
    public const int Version = 1;

    /// <summary>How many bytes of data the tree covers.</summary>
    public long DataSize => DataBlocks * DataBlockSize;
}
