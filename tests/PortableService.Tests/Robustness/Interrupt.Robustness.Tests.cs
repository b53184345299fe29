using System.Diagnostics;
using Squashfs;

namespace PortableService.Tests.Robustness;

/// <summary>
/// SIGINT and SIGTERM while the image is being written: the real CLI, as a subprocess on an input big enough to be
/// caught mid-write, exits 130, leaves no partial or temporary file, and leaves the previous image untouched.
/// </summary>
public sealed class InterruptRobustnessTests : IDisposable
{
    private const string Previous = "the previous image\n";
    private readonly BuildWorkspace _ws = new();

    public InterruptRobustnessTests()
    {
        var data = new byte[96 << 20];
        new Random(11).NextBytes(data);
        Directory.CreateDirectory(_ws.Combine("big"));
        File.WriteAllBytes(_ws.Combine("big/data.bin"), data);
        _ws.SpecWith("\"contents\": [\"big\"]");
        File.WriteAllText(Image, Previous);
    }

    private string Image => Path.Join(_ws.Output, "foo_1.raw");

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task SignalMidWrite_ExitsInterruptedAndLeavesThePreviousImage(string signal)
    {
        using var process = BuildWorkspace.StartCli(["build", _ws.Combine("spec.json"), "-o", _ws.Output, "--quiet"]);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        Assert.True(WaitForTemporary(() => process.HasExited), "the build ended before it could be interrupted");
        BuildWorkspace.Sh($"kill -{signal} {process.Id}");
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the CLI did not stop within a minute of the signal");

        Assert.Equal(global::PortableService.Cli.ExitCodes.Interrupted, process.ExitCode);
        Assert.Equal("interrupted: nothing was written.\n", await error);
        Assert.Equal(string.Empty, await output);
        Assert.Equal([Image], Directory.EnumerateFileSystemEntries(_ws.Output));
        Assert.Equal(Previous, File.ReadAllText(Image));
    }

    [Fact]
    public async Task CancellationInProcess_ExitsInterruptedAndLeavesThePreviousImage()
    {
        using var cancellation = new CancellationTokenSource();
        var build = Task.Run(() => BuildWorkspace.Run(["build", _ws.Combine("spec.json"), "-o", _ws.Output, "--quiet"], cancellation.Token));
        Assert.True(WaitForTemporary(() => build.IsCompleted), "the build ended before it could be cancelled");
        cancellation.Cancel();
        var result = await build;

        Assert.Equal(global::PortableService.Cli.ExitCodes.Interrupted, result.ExitCode);
        Assert.Equal(["interrupted: nothing was written."], result.ErrorLines);
        Assert.Equal([Image], Directory.EnumerateFileSystemEntries(_ws.Output));
        Assert.Equal(Previous, File.ReadAllText(Image));
    }

    [Fact]
    public async Task SignalWithoutAPreviousImage_LeavesNothing()
    {
        File.Delete(Image);
        using var process = BuildWorkspace.StartCli(["build", _ws.Combine("spec.json"), "-o", _ws.Output, "--quiet"]);
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(WaitForTemporary(() => process.HasExited), "the build ended before it could be interrupted");
        BuildWorkspace.Sh($"kill -INT {process.Id}");
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(global::PortableService.Cli.ExitCodes.Interrupted, process.ExitCode);
        Assert.Equal("interrupted: nothing was written.\n", await error);
        _ws.AssertNoOutput();
    }

    /// <summary>Waits until the writer's temporary file holds data: the build is then mid-write.</summary>
    private bool WaitForTemporary(Func<bool> ended)
    {
        var clock = Stopwatch.StartNew();
        while (!ended() && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (new DirectoryInfo(_ws.Output).EnumerateFiles(".foo_1.raw.*.tmp").FirstOrDefault() is { Length: > 0 })
            {
                return true;
            }

            Thread.Sleep(5);
        }

        return false;
    }
}
