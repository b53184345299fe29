using Squashfs.Compression;
using Squashfs.Reading;
using Squashfs.Tests.Support;
using Squashfs.Tree;

namespace Squashfs.Tests;

public class SquashfsWriterWriteTests
{
    [Theory]
    [MemberData(nameof(Images.AllCompressors), MemberType = typeof(Images))]
    public void EdgeCaseTree_ReadsBackIdentically_WithEveryCompressor(string compression)
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        TestTrees.CreateEdgeCases(source);
        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), Images.Options(compression));

        using var reader = SquashfsReader.Open(image);
        TreeSnapshot.FromHost(source).AssertEqual(TreeSnapshot.FromImage(reader));
        Assert.Equal(CompressionSettings.Parse(compression).Compressor, reader.Compressor);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(65536)]
    [InlineData(131072)]
    [InlineData(1048576)]
    public void RandomTree_ReadsBackIdentically_AtEveryBlockSize(int blockSize)
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        TestTrees.CreateRandom(source, seed: blockSize, files: 300, blockSize);
        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), Images.Options("zstd", blockSize));

        using var reader = SquashfsReader.Open(image);
        Assert.Equal(blockSize, reader.BlockSize);
        TreeSnapshot.FromHost(source).AssertEqual(TreeSnapshot.FromImage(reader));
    }

    [Fact]
    public void TenThousandEntryDirectory_IsListedCompletelyAndInByteOrder()
    {
        var root = ImageDirectory.CreateRoot();
        var big = root.Add(new ImageDirectory("big"));
        for (var i = 0; i < 10_000; i++)
        {
            big.Add(new ImageFile($"entry-{i:x5}-{new string('z', i % 50)}", FileContent.FromBytes([(byte)i])));
        }

        using var stream = new MemoryStream();
        SquashfsWriter.Write(root, stream, Images.Options("lz4"));
        stream.Position = 0;
        using var reader = new SquashfsReader(stream);
        var children = reader.GetChildren(reader.Find("/big")!);
        Assert.Equal(10_000, children.Count);
        Assert.Equal(children.Select(c => c.Name).Order(StringComparer.Ordinal), children.Select(c => c.Name));
        Assert.True(big.Children.Zip(children).All(p => p.First.Name == p.Second.Name));
        Assert.Equal([(byte)0x2a], reader.ReadAllBytes(reader.Find("/big/entry-0002a-" + new string('z', 42))!));
    }

    [Fact]
    public void NamesOfOneTo256Bytes_AreStored_AndLongerOnesRefused()
    {
        var root = ImageDirectory.CreateRoot();
        root.Add(new ImageFile("a", FileContent.FromBytes([1])));
        var longest = new string('x', 254) + "é";
        root.Add(new ImageFile(longest, FileContent.FromBytes([2])));
        Assert.Throws<ArgumentException>(() => root.Add(new ImageFile(new string('y', 257), FileContent.FromBytes([3]))));

        using var temp = new TempDirectory();
        var image = temp.Combine("names.sqfs");
        SquashfsWriter.Write(root, image, Images.Options());
        using var reader = SquashfsReader.Open(image);
        Assert.Equal([2], reader.ReadAllBytes(reader.Find("/" + longest)!));
        Assert.Contains("squashfs-root/" + longest, ExternalTool.RunChecked("unsquashfs", "-l", image).Stdout);
    }

    [Fact]
    public void IdenticalFiles_AreStoredOnce()
    {
        var data = TestTrees.Random(7, 300_000);
        var root = ImageDirectory.CreateRoot();
        root.Add(new ImageFile("a", FileContent.FromBytes(data)));
        root.Add(new ImageFile("b", FileContent.FromBytes((byte[])data.Clone())));
        var almost = (byte[])data.Clone();
        almost[^1] ^= 1;
        root.Add(new ImageFile("c", FileContent.FromBytes(almost)));

        using var stream = new MemoryStream();
        var result = SquashfsWriter.Write(root, stream, Images.Options("gzip") with { Compression = CompressionSettings.Parse("gzip") });
        Assert.Equal(1, result.DuplicateFiles);
        Assert.Equal(data.Length, result.DuplicateBytes);

        stream.Position = 0;
        using var reader = new SquashfsReader(stream);
        Assert.Equal(data, reader.ReadAllBytes(reader.Find("/b")!));
        Assert.Equal(almost, reader.ReadAllBytes(reader.Find("/c")!));
    }

    [Fact]
    public void FragmentsOff_StoresTailsInBlocks_AndStillReadsBack()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        TestTrees.CreateRandom(source, seed: 5, files: 100);
        var options = Images.Options("xz") with { UseFragments = false };
        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), options);

        using var reader = SquashfsReader.Open(image);
        TreeSnapshot.FromHost(source).AssertEqual(TreeSnapshot.FromImage(reader));
        var listing = ExternalTool.RunChecked("unsquashfs", "-s", image).Stdout;
        Assert.Contains("Fragments are not stored", listing);
    }

    [Fact]
    public void Xattrs_AreStoredAndReadBack()
    {
        var root = ImageDirectory.CreateRoot();
        var file = root.Add(new ImageFile("labelled", FileContent.FromBytes([1, 2, 3])));
        file.Xattrs.Add(new ImageXattr("user.comment", "hello"u8.ToArray()));
        file.Xattrs.Add(new ImageXattr("security.selinux", "system_u:object_r:bin_t:s0\0"u8.ToArray()));
        var dir = root.Add(new ImageDirectory("dir"));
        dir.Xattrs.Add(new ImageXattr("trusted.overlay.opaque", "y"u8.ToArray()));
        var twin = root.Add(new ImageFile("twin", FileContent.FromBytes([9])));
        twin.Xattrs.Add(new ImageXattr("user.comment", "hello"u8.ToArray()));

        using var stream = new MemoryStream();
        SquashfsWriter.Write(root, stream, Images.Options("zstd"));
        stream.Position = 0;
        using var reader = new SquashfsReader(stream);
        var read = reader.Find("/labelled")!.Xattrs.ToDictionary(x => x.Name, x => x.Value);
        Assert.Equal("hello"u8.ToArray(), read["user.comment"]);
        Assert.Equal("system_u:object_r:bin_t:s0\0"u8.ToArray(), read["security.selinux"]);
        Assert.Equal("y"u8.ToArray(), reader.Find("/dir")!.Xattrs.Single().Value);
        Assert.Equal("user.comment", reader.Find("/twin")!.Xattrs.Single().Name);
    }

    [Fact]
    public void LargeSparseFile_OverFourGiB_UsesExtendedInode()
    {
        var root = ImageDirectory.CreateRoot();
        root.Add(new ImageFile("huge", new ZeroContent(5L << 30)));
        using var temp = new TempDirectory();
        var image = temp.Combine("huge.sqfs");
        var result = SquashfsWriter.Write(root, image, Images.Options("gzip", 1 << 20));

        Assert.Equal(5L << 30, result.SparseBytes);
        Assert.True(new FileInfo(image).Length < 1 << 20);
        using var reader = SquashfsReader.Open(image);
        var huge = reader.Find("/huge")!;
        Assert.Equal(5L << 30, huge.Size);
        var listing = ExternalTool.RunChecked("unsquashfs", "-lln", image).Stdout;
        Assert.Contains((5L << 30).ToString(CultureInfo.InvariantCulture), listing);
    }

    [Fact]
    public void OwnershipAndTimeOptions_AreApplied()
    {
        var root = ImageDirectory.CreateRoot();
        var file = root.Add(new ImageFile("f", FileContent.FromBytes([1])));
        file.Uid = 1000;
        file.Gid = 100;
        file.ModificationTime = 2_000_000_000;
        var old = root.Add(new ImageFile("old", FileContent.FromBytes([2])));
        old.ModificationTime = 100;
        root.Mode = (UnixFileMode)0b111_000_000;

        using var stream = new MemoryStream();
        var options = Images.Options() with { AllRoot = true, RootMode = (UnixFileMode)0b111_101_101, ClampModificationTime = 1_000_000_000, FilesystemTime = 1_000_000_000 };
        SquashfsWriter.Write(root, stream, options);
        stream.Position = 0;
        using var reader = new SquashfsReader(stream);
        Assert.Equal((UnixFileMode)0b111_101_101, reader.Root.Mode);
        Assert.Equal((0u, 0u, 1_000_000_000u), (reader.Find("/f")!.Uid, reader.Find("/f")!.Gid, reader.Find("/f")!.ModificationTime));
        Assert.Equal(100u, reader.Find("/old")!.ModificationTime);
        Assert.Equal(1_000_000_000u, reader.FilesystemTime);
    }

    [Fact]
    public void ExportTable_IsWrittenOnRequest_AndUnsquashfsAcceptsIt()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("src");
        TestTrees.CreateRandom(source, seed: 9, files: 50);
        var image = Images.WriteFromHost(source, temp.Combine("img.sqfs"), Images.Options("gzip") with { ExportTable = true });

        using var reader = SquashfsReader.Open(image);
        Assert.True(reader.HasExportTable);
        Assert.Contains("Filesystem is exportable via NFS", ExternalTool.RunChecked("unsquashfs", "-s", image).Stdout);
    }

    /// <summary>File content of zeros that never exists in memory or on disk.</summary>
    private sealed class ZeroContent(long length) : FileContent
    {
        public override long Length => length;
        public override string Description => "zeros";
        public override Stream Open() => new ZeroStream(length);
    }

    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
