using System.Security.Cryptography;
using Squashfs.Tests.Support;
using Squashfs.Tree;

namespace Squashfs.Tests;

/// <summary>The same tree gives the same bytes, whatever the thread count or the order entries were added in.</summary>
public class SquashfsWriterDeterminismTests
{
    [Theory]
    [InlineData("xz")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void OneThreadAndManyThreads_GiveIdenticalBytes(string compression)
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        TestTrees.CreateEdgeCases(source);
        TestTrees.CreateRandom(Path.Join(source, "random"), seed: 1, files: 400);

        var hashes = new[] { 1, 2, 8 }.Select(threads =>
        {
            using var stream = new MemoryStream();
            SquashfsWriter.Write(new HostTreeLoader().LoadRoot(source), stream, Images.Options(compression) with { Parallelism = threads });
            return Convert.ToHexString(SHA256.HashData(stream.ToArray()));
        }).ToList();

        Assert.Single(hashes.Distinct());
    }

    [Fact]
    public void ShuffledInsertionOrder_GivesIdenticalBytes()
    {
        var names = Enumerable.Range(0, 500).Select(i => $"f{i}").ToList();
        byte[] Build(int seed)
        {
            var shuffled = names.OrderBy(_ => Random.Shared.Next()).ToList();
            new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
            var root = ImageDirectory.CreateRoot();
            foreach (var name in shuffled)
            {
                var dir = root.GetOrCreateDirectory("d" + (name.Length % 3));
                dir.Add(new ImageFile(name, FileContent.FromBytes(TestTrees.Random(name.GetHashCode(StringComparison.Ordinal) & 0xFF, 100 + name.Length * 37))));
            }

            using var stream = new MemoryStream();
            SquashfsWriter.Write(root, stream, Images.Options("lz4"));
            return stream.ToArray();
        }

        Assert.Equal(Build(1), Build(2));
    }
}
