using DiskImages.Gpt;
using DiskImages.Tests.Support;
using DiskImages.Verity;

namespace DiskImages.Tests.Verity;

/// <summary>
/// Cancellation inside the passes over a large image (1 GiB of zeros, cancelled after 8 MiB read): hashing stops within a
/// batch (1 MiB) or two of the request, in the salt's pass, the tree's pass, verification, and a DDI's copy.
/// </summary>
public sealed class VerityHashTreeCancellationTests
{
    private const long DataSize = 1L << 30;
    private const long CancelAfter = 8L << 20;

    /// <summary>Stopping within 2 MiB of the request: the check runs before every 1 MiB read.</summary>
    private const long Slack = 2L << 20;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Format_CancelledMidway_ThrowsSoonAfter(bool givenSalt)
    {
        using var cancellation = new CancellationTokenSource();
        using var data = new CancellingStream(DataSize, CancelAfter, cancellation);
        var options = givenSalt ? new VerityOptions { Salt = new byte[32], Uuid = Guid.Empty } : new VerityOptions();

        Assert.ThrowsAny<OperationCanceledException>(() => VerityHashTree.Format(data, new MemoryStream(), options, cancellation.Token));
        Assert.InRange(data.BytesRead, CancelAfter, CancelAfter + Slack);
    }

    [Fact]
    public void Verify_CancelledMidway_ThrowsSoonAfter()
    {
        // A real tree for 64 MiB of zeros, then the same zeros verified, cancelled after 8 MiB.
        var small = 64L << 20;
        var hash = new MemoryStream();
        using (var none = new CancellationTokenSource())
        {
            var tree = VerityHashTree.Format(new CancellingStream(small, long.MaxValue, none), hash, new VerityOptions { Salt = [], Uuid = Guid.Empty });
            using var cancellation = new CancellationTokenSource();
            using var data = new CancellingStream(small, CancelAfter, cancellation);
            hash.Position = 0;

            Assert.ThrowsAny<OperationCanceledException>(() => VerityHashTree.Verify(data, hash, tree.RootHash.AsSpan(), 1, cancellation.Token));
            Assert.InRange(data.BytesRead, CancelAfter, CancelAfter + Slack);
        }
    }

    [Fact]
    public void PortableDiskImageWrite_CancelledWhileCopyingTheRoot_ThrowsSoonAfter()
    {
        using var cancellation = new CancellationTokenSource();
        using var root = new CancellingStream(DataSize, CancelAfter, cancellation);
        using var disk = new MemoryStream();

        Assert.ThrowsAny<OperationCanceledException>(() => PortableDiskImage.Write(root, disk, new PortableDiskImageOptions(), cancellation.Token));
        Assert.InRange(root.BytesRead, CancelAfter, CancelAfter + Slack);
    }
}
