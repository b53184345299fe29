using PortableService.Building;
using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Validation;

namespace PortableService.Tests.Robustness;

/// <summary>
/// The external mksquashfs is checked, bounded and owned: it must be a program, exit 0 in time and write the tree it
/// was given; it dies with the build; no staging copy outlives a build.
/// </summary>
public sealed class ExternalToolRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("printf 'garbage!' > \"$2\"", "it is not a readable squashfs image")]
    [InlineData(": > \"$2\"", "it is not a readable squashfs image")]
    [InlineData("true", "it is not a readable squashfs image")]
    public void ToolThatExitsZeroWithoutAnImage_IsPS3022_AndNothingIsPublished(string body, string why)
    {
        UseTool($"#!/bin/sh\n{body}\n");
        var result = _ws.Build();

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error PS3022: {Tool} exited 0, but what it wrote is not the image asked for: {why}", line, StringComparison.Ordinal);
        _ws.AssertNoOutput();
    }

    [Fact]
    public void ToolThatLeavesAFileOut_IsPS3022_NamingIt()
    {
        Assert.True(File.Exists("/usr/bin/mksquashfs"), "squashfs-tools is not installed");
        UseTool("#!/bin/sh\nexec /usr/bin/mksquashfs \"$@\" -e etc/systemd/system/foo.service\n");
        var result = _ws.Build();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error PS3022: {Tool} exited 0, but what it wrote is not the image asked for: /etc/systemd/system/foo.service is missing. Nothing was published; check the tool (squashfs-tools 4.4 or later)."], result.ErrorLines);
        _ws.AssertNoOutput();
    }

    [Fact]
    public void ToolThatPacksOtherPermissions_IsPS3022_NamingTheFileAndBothModes()
    {
        Assert.True(File.Exists("/usr/bin/mksquashfs"), "squashfs-tools is not installed");
        UseTool("#!/bin/sh\nchmod 600 \"$1/etc/systemd/system/foo.service\"\nexec /usr/bin/mksquashfs \"$@\"\n");
        var result = _ws.Build();

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("/etc/systemd/system/foo.service is a file of ", line);
        Assert.Contains("mode 0600, owner 0:0, not a file of ", line);
        Assert.Contains("mode 0644, owner 0:0. Nothing was published", line);
        _ws.AssertNoOutput();
    }

    [Theory]
    [InlineData(100, "it is a damaged ELF file")]
    [InlineData(0, "it is neither an ELF program nor a script")]
    public void ToolThatIsNoProgram_IsPS3020(int elfBytes, string why)
    {
        var bytes = elfBytes > 0 ? File.ReadAllBytes("/bin/true")[..elfBytes] : "echo oops\n"u8.ToArray();
        File.WriteAllBytes(Tool, bytes);
        File.SetUnixFileMode(Tool, (UnixFileMode)0b111_101_101);
        _ws.SpecWith($"\"squashfsTools\": \"{Tool}\"");
        var result = _ws.Build();

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error PS3020: {Tool} cannot be run: {why}", line, StringComparison.Ordinal);
        _ws.AssertNoOutput();
    }

    [Fact]
    public void ToolThatNeverEnds_IsKilledAtTheTimeLimit_PS3021()
    {
        var pidFile = _ws.Combine("tool.pid");
        UseTool($"#!/bin/sh\necho $$ > {BuildWorkspace.Quote(pidFile)}\nexec sleep 600\n");
        var spec = SpecValidator.ValidateOrThrow(SpecReader.ReadFile(_ws.Combine("spec.json")));

        var error = Assert.Throws<DiagnosticException>(() => PortableImageBuilder.Build(spec, _ws.Output, new BuildOptions { ExternalToolTimeLimit = TimeSpan.FromSeconds(2) }));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(("PS3021", $"{Tool} did not finish within 2 s and was killed. Check the tool, or give it more time (BuildOptions.ExternalToolTimeLimit)."), (diagnostic.Code, diagnostic.Message));
        Assert.False(Directory.Exists($"/proc/{File.ReadAllText(pidFile).Trim()}"), "the tool still runs");
        _ws.AssertNoOutput();
    }

    [Fact]
    public void BuildKilledWithSigkill_TakesItsToolAlong_AndTheNextBuildRemovesTheStagingCopy()
    {
        var pidFile = _ws.Combine("tool.pid");
        var temp = Directory.CreateDirectory(_ws.Combine("tmp")).FullName;
        UseTool($"#!/bin/sh\necho $$ > {BuildWorkspace.Quote(pidFile)}.new && mv {BuildWorkspace.Quote(pidFile)}.new {BuildWorkspace.Quote(pidFile)}\nexec sleep 600\n");
        using var build = BuildWorkspace.StartCli(["build", _ws.Combine("spec.json"), "-o", _ws.Output], setup: $"export TMPDIR={BuildWorkspace.Quote(temp)}");
        WaitFor(() => File.Exists(pidFile), "the tool to start");
        var toolPid = File.ReadAllText(pidFile).Trim();
        Assert.Single(Directory.GetDirectories(temp, "portable-service-stage-*"));

        build.Kill();
        build.WaitForExit();

        WaitFor(() => !Directory.Exists($"/proc/{toolPid}"), "the tool to die with the build");
        UseTool("#!/bin/sh\nexec /usr/bin/mksquashfs \"$@\"\n");
        var next = BuildWorkspace.RunCli(["build", _ws.Combine("spec.json"), "-o", _ws.Output, "--quiet"], setup: $"export TMPDIR={BuildWorkspace.Quote(temp)}");
        Assert.Equal((0, string.Empty), (next.ExitCode, next.Error));
        Assert.Empty(Directory.GetDirectories(temp, "portable-service-stage-*"));
    }

    private string Tool => _ws.Combine("mksquashfs");

    /// <summary>Writes the tool script and a spec (foo.service) that builds with it.</summary>
    private void UseTool(string script)
    {
        _ws.Write("mksquashfs", script);
        File.SetUnixFileMode(Tool, (UnixFileMode)0b111_101_101);
        _ws.SpecWith($"\"squashfsTools\": \"{Tool}\"");
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited 30 s for {what}");
            Thread.Sleep(50);
        }
    }
}
