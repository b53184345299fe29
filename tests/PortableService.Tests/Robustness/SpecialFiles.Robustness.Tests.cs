namespace PortableService.Tests.Robustness;

/// <summary>
/// Small files that a user or an image names (keys, certificates, profiles, verity sidecars, the cache) are read only
/// when they are what they should be: a FIFO would block forever, /dev/zero would fill memory. Each is a clear error.
/// </summary>
public sealed class SpecialFilesRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private string Fifo()
    {
        var fifo = _ws.Combine("fifo");
        if (!File.Exists(fifo))
        {
            BuildWorkspace.Sh($"mkfifo {BuildWorkspace.Quote(fifo)}");
        }

        return fifo;
    }

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("fifo", "a FIFO")]
    public void SigningFileThatIsNoFile_IsPS1807(string file, string kind)
    {
        var path = file == "fifo" ? Fifo() : file;
        _ws.SpecWith();

        _ws.AssertFails(_ws.Build("--verity", "--private-key", path, "--certificate", path),
            $"error PS1807: --certificate '{path}' cannot be used to sign: it is {kind}, not a regular file. Give the PEM file (or a PKCS#12 file as --certificate alone).");
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("fifo")]
    public void ProfileThatIsNoFile_IsPS1901(string file)
    {
        var path = file == "fifo" ? Fifo() : file;
        _ws.SpecWith();

        _ws.AssertFails(_ws.Build("--profile", path),
            $"error PS1901: --profile '{path}' is neither a profile this machine has nor a service.conf file: use default, nonetwork, strict, trusted, or a path to a profile's service.conf.");
    }

    [Theory]
    [InlineData("foo_1.roothash", "a FIFO")]
    [InlineData("foo_1.roothash.p7s", "a character device")]
    public void SidecarThatIsNoFile_IsPS4019(string sidecar, string kind)
    {
        _ws.SpecWith();
        Assert.Equal(0, _ws.Build("--verity").ExitCode);
        var path = Path.Join(_ws.Output, sidecar);
        File.Delete(path);
        BuildWorkspace.Sh(kind == "a FIFO" ? $"mkfifo {BuildWorkspace.Quote(path)}" : $"ln -s /dev/zero {BuildWorkspace.Quote(path)}");

        var result = BuildWorkspace.Run(["inspect", Path.Join(_ws.Output, "foo_1.raw")]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error PS4019: {sidecar} cannot be read: it is {kind}, not a regular file.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void TrustedCertificateThatIsAFifo_IsPS4021()
    {
        _ws.SpecWith();
        Assert.Equal(0, _ws.Build("--verity").ExitCode);
        File.WriteAllBytes(Path.Join(_ws.Output, "foo_1.roothash.p7s"), [0x30, 0x03, 0x02, 0x01, 0x01]);

        var result = BuildWorkspace.Run(["inspect", Path.Join(_ws.Output, "foo_1.raw"), "--certificate", Fifo()]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error PS4021: The trusted certificates cannot be read: {Fifo()}: it is a FIFO, not a regular file.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void CacheThatIsAFile_IsPS3009()
    {
        var file = _ws.Combine("foo.service");

        var result = BuildWorkspace.Run(["cache", "--cache", file, "--clear"]);

        Assert.Equal([$"error PS3009: The cache {file} is a file, not a directory: give the cache's directory with --cache."], result.ErrorLines);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(BuildWorkspace.UnitText, File.ReadAllText(file));
    }
}
