using PortableService.Building;
using PortableService.Tests.TestSupport;
using PortableService.Validation;

namespace PortableService.Tests.Validation;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SpecValidatorSquashfsTests : IDisposable
{
    private readonly SpecFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("xz -Xdict-size 100%")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void NixpkgsStyleCompression_IsFine(string compression)
    {
        Assert.Empty(SpecValidator.Validate(_fixture.Spec() with { SquashCompression = compression }));
    }

    [Fact]
    public void UnknownCompressor_IsPS1501()
    {
        var spec = _fixture.Spec() with { SquashCompression = "snappy" };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1501", "$.squash-compression", "'snappy'", "not valid mksquashfs compression");
    }

    [Theory]
    [InlineData("1M")]
    [InlineData("128K")]
    [InlineData("8K")]
    public void BlockSizesMksquashfsTakes_AreFine(string blockSize)
    {
        Assert.Empty(SpecValidator.Validate(_fixture.Spec() with { SquashBlockSize = blockSize }));
    }

    [Fact]
    public void FourKBlocks_AreFineWithGzip()
    {
        Assert.Empty(SpecValidator.Validate(_fixture.Spec() with { SquashBlockSize = "4096", SquashCompression = "gzip" }));
    }

    [Theory]
    [InlineData("xz -Xdict-size 100%", "4K", "gives 4096 bytes")]
    [InlineData("xz -Xdict-size 30%", "1M", "gives 314572 bytes")]
    [InlineData("xz -Xdict-size 512K", "128K", "larger than the block size")]
    public void XzDictionaryThatDoesNotFitTheBlock_IsPS1505(string compression, string blockSize, string why)
    {
        var spec = _fixture.Spec() with { SquashCompression = compression, SquashBlockSize = blockSize };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1505", "$.squash-compression", $"does not fit $.squash-block-size '{blockSize}'", why);
    }

    [Theory]
    [InlineData("3K")]
    [InlineData("2M")]
    [InlineData("big")]
    public void BadBlockSize_IsPS1502(string blockSize)
    {
        var spec = _fixture.Spec() with { SquashBlockSize = blockSize };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1502", "$.squash-block-size", $"'{blockSize}'", "not a valid mksquashfs block size");
    }

    [Fact]
    public void MissingSquashfsTools_IsPS1503()
    {
        string missing = _fixture.Directory.Combine("squashfs-tools-4.6");
        var spec = _fixture.Spec() with { SquashfsTools = missing };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1503", "$.squashfsTools", missing, "does not exist", "built-in writer");
    }

    [Fact]
    public void SquashfsToolsWithoutMksquashfs_IsPS1504()
    {
        string package = _fixture.Directory.CreateDirectory("squashfs-tools/share");
        var spec = _fixture.Spec() with { SquashfsTools = Path.GetDirectoryName(package) };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1504", "$.squashfsTools", "no executable mksquashfs", "bin/mksquashfs");
    }

    [Fact]
    public void NonExecutableMksquashfs_IsPS1504()
    {
        string program = _fixture.Directory.Write("tools/bin/mksquashfs", "#!/bin/sh\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var spec = _fixture.Spec() with { SquashfsTools = program };
        DiagnosticAssert.Single(SpecValidator.Validate(spec), "PS1504", "$.squashfsTools");
    }

    [Fact]
    public void PackageDirectoryOrProgram_IsFine()
    {
        string program = _fixture.Directory.Write("tools/bin/mksquashfs", "#!/bin/sh\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string package = _fixture.Directory.Combine("tools");
        Assert.Empty(SpecValidator.Validate(_fixture.Spec() with { SquashfsTools = package }));
        Assert.Empty(SpecValidator.Validate(_fixture.Spec() with { SquashfsTools = program }));
        Assert.Equal(program, MksquashfsLocator.Locate(package));
    }
}
