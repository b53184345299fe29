namespace PortableService.Tests.Robustness;

/// <summary>The squash verb with bad arguments: user errors naming the option or path, never a stack trace, and no image.</summary>
public sealed class SquashRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private CliResult Squash(params string[] extra) =>
        BuildWorkspace.Run(["squash", _ws.Combine("payload"), Path.Join(_ws.Output, "image.sqfs"), .. extra]);

    [Fact]
    public void BadCompressor_NamesTheOption()
    {
        _ws.AssertFails(Squash("--comp", "brotli"), "error PS1501: --comp 'brotli' is not valid mksquashfs compression: Unknown compressor 'brotli': expected one of gzip, lzo, lz4, xz, zstd, lzma.");
    }

    [Fact]
    public void BadCompressorOption_NamesTheOption()
    {
        _ws.AssertFails(Squash("--comp", "zstd -Xcompression-level 99"), "error PS1501: --comp 'zstd -Xcompression-level 99' is not valid mksquashfs compression: Invalid value '99' for the zstd option -Xcompression-level: expected an integer from 1 to 22.");
    }

    [Theory]
    [InlineData("3000")]
    [InlineData("0")]
    [InlineData("2M")]
    public void BadBlockSize_NamesTheOption(string blockSize)
    {
        _ws.AssertFails(Squash("-b", blockSize), $"error PS1502: --block-size '{blockSize}' is not a valid mksquashfs block size: Invalid block size '{blockSize}': it must be a power of two from 4K (4096) to 1M (1048576).");
    }

    [Fact]
    public void MissingSource_SaysGiveTheDirectory()
    {
        var result = BuildWorkspace.Run(["squash", _ws.Combine("nothing"), Path.Join(_ws.Output, "image.sqfs")]);
        _ws.AssertFails(result, $"error PS3007: The source {_ws.Combine("nothing")} does not exist: give the directory to pack.");
    }

    [Fact]
    public void MissingImageFolder_SaysCreateIt()
    {
        var folder = _ws.Combine("no-folder");
        var result = BuildWorkspace.Run(["squash", _ws.Combine("payload"), Path.Join(folder, "image.sqfs")]);
        _ws.AssertFails(result, $"error PS3001: The image's directory {folder} does not exist: create it first, or write the image elsewhere.");
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2147483647")]
    public void ProcessorsOutOfRange_IsAUsageError(string processors)
    {
        var result = Squash("--processors", processors);

        Assert.Equal(global::PortableService.Cli.ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: --processors must be from 1 to ", result.Error, StringComparison.Ordinal);
        _ws.AssertNoOutput();
    }

    [Fact]
    public void BlockSizeTooSmallForTheDefaultXz_IsPS1505()
    {
        _ws.AssertFails(Squash("-b", "4K"), "error PS1505: --comp 'xz -Xdict-size 100%' does not fit --block-size '4K': The xz option -Xdict-size 100% of block size 4K gives 4096 bytes: the dictionary must be 8192 bytes or larger. Choose another block size or other compression options.");
    }

    [Fact]
    public void ImageInsideTheSource_LeavesItselfOut()
    {
        var image = _ws.Combine("payload/image.sqfs");
        Assert.Equal(0, BuildWorkspace.Run(["squash", _ws.Combine("payload"), image, "--no-cache"]).ExitCode);
        Assert.Equal(0, BuildWorkspace.Run(["squash", _ws.Combine("payload"), image, "--no-cache"]).ExitCode);

        var listing = ExternalTool.RunChecked("unsquashfs", "-l", image).Stdout;
        Assert.Equal(["squashfs-root", "squashfs-root/data.txt"], listing.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ImagePathThatIsAFifo_IsRefusedAndLeftAlone()
    {
        var fifo = Path.Join(_ws.Output, "image.sqfs");
        BuildWorkspace.Sh($"mkfifo {BuildWorkspace.Quote(fifo)}");

        var result = Squash();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error PS3002: The image path {fifo} is a device node, FIFO or socket, which the image would replace: give the path of an image file."], result.ErrorLines);
        Assert.True(Squashfs.Interop.UnixNative.Stat(fifo).IsFifo);
    }
}
