namespace DiskImages.Verity;

/// <summary>The outcome of checking data against a hash file and a root hash.</summary>
/// <param name="IsValid">True when every data block, every hash block and the root hash match.</param>
/// <param name="FirstBadDataBlock">The first data block whose hash differs from the tree's, when one does.</param>
/// <param name="Problem">What did not match, in a sentence; null when valid.</param>
public sealed record VerityVerification(bool IsValid, long? FirstBadDataBlock, string? Problem)
{
    internal static VerityVerification Valid { get; } = new(true, null, null);

    internal static VerityVerification Invalid(string problem, long? firstBadDataBlock = null) => new(false, firstBadDataBlock, problem);
}
