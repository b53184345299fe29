namespace Squashfs.Tests;

public class BlockSizeFormatTests
{
    [Theory]
    [InlineData(4096, "4K")]
    [InlineData(131072, "128K")]
    [InlineData(1048576, "1M")]
    [InlineData(3145728, "3M")]
    [InlineData(98304, "96K")]
    [InlineData(1000, "1000")]
    public void GivesTheShortestMksquashfsForm(int bytes, string expected)
    {
        Assert.Equal(expected, BlockSize.Format(bytes));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(131072)]
    [InlineData(1048576)]
    public void RoundTripsThroughParse(int blockSize)
    {
        Assert.Equal(blockSize, BlockSize.Parse(BlockSize.Format(blockSize)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4096)]
    public void RefusesNonPositiveSizes(int bytes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockSize.Format(bytes));
    }

    [Theory]
    [InlineData(4096, true)]
    [InlineData(1048576, true)]
    [InlineData(2048, false)]
    [InlineData(2097152, false)]
    [InlineData(12288, false)]
    public void IsValidFollowsMksquashfs(int blockSize, bool valid)
    {
        Assert.Equal(valid, BlockSize.IsValid(blockSize));
    }
}
