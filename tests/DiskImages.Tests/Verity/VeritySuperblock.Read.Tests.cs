using DiskImages.Tests.Support;
using DiskImages.Verity;

namespace DiskImages.Tests.Verity;

public sealed class VeritySuperblockReadTests
{
    [Theory]
    [InlineData(0, "wrong magic")]
    [InlineData(8, "version")]
    [InlineData(12, "hash_type")]
    [InlineData(64, "data_block_size")]
    [InlineData(68, "hash_block_size")]
    [InlineData(80, "salt_size")]
    public void Read_CorruptField_ThrowsInvalidDataNamingIt(int offset, string field)
    {
        using var dir = new TempDirectory();
        var data = TestData.File(dir, "data.raw", 4 * 4096L);
        VerityHashTree.Format(data, dir.Combine("data.verity"));
        var bytes = File.ReadAllBytes(dir.Combine("data.verity"));
        bytes[offset + 1] ^= 0x7F;

        var error = Assert.Throws<InvalidDataException>(() => VeritySuperblock.Read(new MemoryStream(bytes)));

        Assert.Contains(field == "wrong magic" ? "magic" : field, error.Message);
    }

    [Fact]
    public void Read_Truncated_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => VeritySuperblock.Read(new MemoryStream(new byte[100])));
    }
}
