namespace PortableService.Tests.Robustness;

/// <summary>Bad compression and block size settings, in the spec and on the command line: mksquashfs's rules, exact messages.</summary>
public sealed class SquashfsOptionsRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("brotli", "Unknown compressor 'brotli': expected one of gzip, lzo, lz4, xz, zstd, lzma.")]
    [InlineData("", "No compressor given: expected one of gzip, lzo, lz4, xz, zstd, lzma, then its -X options (for example \"xz -Xdict-size 100%\").")]
    [InlineData("xz -Xfoo", "Unknown option '-Xfoo' for the xz compressor: its options are -Xbcj, -Xdict-size.")]
    [InlineData("gzip -Xcompression-level 12", "Invalid value '12' for the gzip option -Xcompression-level: expected an integer from 1 to 9.")]
    [InlineData("zstd -Xcompression-level", "The zstd option -Xcompression-level needs a value: an integer from 1 to 22 (default 15).")]
    [InlineData("xz -Xbcj mips", "Invalid value 'mips' for the xz option -Xbcj: 'mips' is not one of x86, powerpc, ia64, arm, armthumb, sparc.")]
    [InlineData("xz -Xdict-size 3K", "Invalid value '3K' for the xz option -Xdict-size: the dictionary must be 8192 bytes or larger.")]
    [InlineData("lz4 -Xfast", "Unknown option '-Xfast' for the lz4 compressor: its options are -Xhc.")]
    public void BadCompression_QuotesMksquashfsRules(string compression, string problem)
    {
        _ws.SpecWith($"\"squash-compression\": \"{compression}\"");
        var result = _ws.Build();
        _ws.AssertFails(result, $"error PS1501: $.squash-compression '{compression}' is not valid mksquashfs compression: {problem.TrimEnd('.')}.");
    }

    [Theory]
    [InlineData("3000", "Invalid block size '3000': it must be a power of two from 4K (4096) to 1M (1048576)")]
    [InlineData("0", "Invalid block size '0': it must be a power of two from 4K (4096) to 1M (1048576)")]
    [InlineData("2M", "Invalid block size '2M': it must be a power of two from 4K (4096) to 1M (1048576)")]
    [InlineData("2K", "Invalid block size '2K': it must be a power of two from 4K (4096) to 1M (1048576)")]
    [InlineData("1G", "Invalid block size '1G': expected a number of bytes with an optional K or M suffix, such as 4K, 128K or 1M")]
    [InlineData("-4K", "Invalid block size '-4K': expected a number of bytes with an optional K or M suffix, such as 4K, 128K or 1M")]
    public void BadBlockSize_SaysPowerOfTwoFrom4KTo1M(string blockSize, string problem)
    {
        _ws.SpecWith($"\"squash-block-size\": \"{blockSize}\"");
        _ws.AssertFails(_ws.Build(), $"error PS1502: $.squash-block-size '{blockSize}' is not a valid mksquashfs block size: {problem}.");
    }

    [Fact]
    public void BlockSizeAsANumberThatIsNotAPowerOfTwo_IsRefused()
    {
        _ws.SpecWith("\"squash-block-size\": 100000");
        _ws.AssertFails(_ws.Build(), "error PS1502: $.squash-block-size '100000' is not a valid mksquashfs block size: Invalid block size '100000': it must be a power of two from 4K (4096) to 1M (1048576).");
    }

    [Fact]
    public void BadBlockSizeOnTheCommandLine_IsRefusedToo()
    {
        _ws.SpecWith();
        _ws.AssertFails(_ws.Build("--squash-block-size", "2M"), "error PS1502: --squash-block-size '2M' is not a valid mksquashfs block size: Invalid block size '2M': it must be a power of two from 4K (4096) to 1M (1048576).");
    }

    [Fact]
    public void BadCompressionOnTheCommandLine_NamesTheOption()
    {
        _ws.SpecWith();
        _ws.AssertFails(_ws.Build("--squash-compression", "xz -Xdict-size 200%"), "error PS1501: --squash-compression 'xz -Xdict-size 200%' is not valid mksquashfs compression: Invalid value '200%' for the xz option -Xdict-size: a percentage must be greater than 0 and at most 100.");
    }

    [Fact]
    public void MissingSquashfsTools_SaysWhatToGive()
    {
        _ws.SpecWith("\"squashfsTools\": \"no-such-tools\"");
        _ws.AssertFails(_ws.Build(), $"error PS1503: $.squashfsTools '{_ws.Combine("no-such-tools")}' does not exist; give the squashfs-tools package (a directory with bin/mksquashfs) or leave it out to use the built-in writer.");
    }

    [Fact]
    public void SquashfsToolsWithoutMksquashfs_SaysWhatToGive()
    {
        Directory.CreateDirectory(_ws.Combine("tools/bin"));
        _ws.SpecWith("\"squashfsTools\": \"tools\"");
        _ws.AssertFails(_ws.Build(), $"error PS1504: $.squashfsTools '{_ws.Combine("tools")}' has no executable mksquashfs: give a directory holding bin/mksquashfs, or the mksquashfs program itself.");
    }

    [Fact]
    public void SeveralProblems_AreAllReportedAtOnce()
    {
        _ws.Spec("""{ "pname": "foo_x", "version": "1", "units": ["foo.service"], "squash-compression": "brotli", "squash-block-size": "3000" }""");
        var result = _ws.Build();
        Assert.Equal(3, result.ErrorLines.Length);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("error PS1103: ", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("error PS1501: ", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("error PS1502: ", StringComparison.Ordinal));
        _ws.AssertFails(result, result.ErrorLines);
    }
}
