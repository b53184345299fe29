using System.Collections.Immutable;

namespace DiskImages.Verity;

/// <summary>What formatting a hash tree produced: its root hash and the parameters written to the superblock.</summary>
/// <param name="RootHash">The SHA-256 root hash, which the kernel checks the whole tree against.</param>
/// <param name="Superblock">The parameters, as written at the start of the hash file.</param>
/// <param name="HashSize">The bytes written to the hash file: superblock, its padding and every level.</param>
public sealed record VerityResult(ImmutableArray<byte> RootHash, VeritySuperblock Superblock, long HashSize)
{
    /// <summary>The root hash in lowercase hex, as <c>veritysetup</c> prints it and <c>NAME.roothash</c> holds it.</summary>
    public string RootHashHex => Convert.ToHexStringLower(RootHash.AsSpan());
}
