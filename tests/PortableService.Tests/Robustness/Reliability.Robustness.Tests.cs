namespace PortableService.Tests.Robustness;

/// <summary>
/// Nothing unasked goes in, no unsafe file, no crash and no hang: device nodes and set-ID files in contents, a symlink
/// object that would take the whole host, a spec file that is a FIFO, half a surrogate pair, NUL in a unit, prefixes that
/// attach nothing. Each is a clear error with nothing written.
/// </summary>
public sealed class ReliabilityRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void DeviceNodeInAContentFolder_IsRefused()
    {
        var folder = _ws.Directory.CreateDirectory("payload-dev");
        BuildWorkspace.Sh($"mknod {BuildWorkspace.Quote(Path.Join(folder, "disk"))} b 8 0");
        _ws.SpecWith("\"contents\": [\"payload-dev\"]");
        var result = _ws.Build();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("error PS2018: ", StringComparison.Ordinal) && l.Contains(Path.Join(folder, "disk")));
        _ws.AssertNoOutput();
    }

    [Fact]
    public void SetuidFileInAContentFolder_IsRefused()
    {
        var folder = _ws.Directory.CreateDirectory("payload-suid");
        var tool = Path.Join(folder, "tool");
        File.Copy("/bin/true", tool);
        File.SetUnixFileMode(tool, (UnixFileMode)0b100_111_101_101);
        _ws.SpecWith("\"contents\": [\"payload-suid\"]");
        var result = _ws.Build();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("error PS2019: ", StringComparison.Ordinal) && l.Contains(tool));
        _ws.AssertNoOutput();
    }

    [Fact]
    public void SymlinkObjectThatIsTheRoot_IsRefused()
    {
        _ws.SpecWith("\"symlinks\": [{\"object\": \"/\", \"symlink\": \"/srv/host\"}]");
        _ws.AssertFails(_ws.Build(), "error PS1311: $.symlinks[0].object: the object '/' is the root directory, whose closure is the whole build host: point the symlink at what it needs.");
    }

    [Fact]
    public void SpecFileThatIsAFifo_IsRefusedWithoutBlocking()
    {
        var fifo = _ws.Combine("spec.fifo");
        BuildWorkspace.Sh($"mkfifo {BuildWorkspace.Quote(fifo)}");
        var result = BuildWorkspace.Run(["build", fifo, "-o", _ws.Output]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("it is a FIFO, not a regular file", result.Error);
    }

    [Fact]
    public void LoneSurrogateInAString_IsASyntaxError()
    {
        _ws.Spec("{\"pname\": \"foo\", \"version\": \"1\", \"units\": [{\"name\": \"foo.service\", \"text\": \"[Service]\\nExecStart=/bin/true \\ud800\\n\"}]}");
        var result = _ws.Build();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error PS1002: ", result.Error);
        Assert.Contains("half a surrogate pair", result.Error);
    }

    [Fact]
    public void NulInAnInlineUnit_IsRefused()
    {
        _ws.Spec("{\"pname\": \"foo\", \"version\": \"1\", \"units\": [{\"name\": \"foo.service\", \"text\": \"[Service]\\nExecStart=/bin/true\\u0000\\n\"}]}");
        _ws.AssertFails(_ws.Build(), "error PS1213: $.units[0].text: the text of foo.service holds a NUL character, which no unit file may hold: remove it.");
    }

    [Fact]
    public void PortablePrefixesWithoutThePname_AreRefused()
    {
        _ws.SpecWith("\"osRelease\": {\"PORTABLE_PREFIXES\": \"other\"}");
        _ws.AssertFails(_ws.Build(), "error PS1605: $.osRelease.PORTABLE_PREFIXES: PORTABLE_PREFIXES=\"other\" leaves out 'foo', so portabled would attach none of the units (they are named after the pname): keep 'foo' among the prefixes, or leave PORTABLE_PREFIXES alone.");
    }

    [Theory]
    [InlineData("-L", "-L")]
    [InlineData("--unit", "--unit")]
    [InlineData("--content", "--content")]
    public void EmptyOptionValue_IsBadUsageNamingTheOption(string option, string named)
    {
        _ws.SpecWith();
        var result = BuildWorkspace.Run(["build", _ws.Combine("spec.json"), "-o", _ws.Output, option, ""]);
        Assert.Equal(global::PortableService.Cli.ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"error: {named} was given an empty value", result.Error, StringComparison.Ordinal);
        _ws.AssertNoOutput();
    }

    [Fact]
    public void EmptySpecArgument_IsBadUsage()
    {
        var result = BuildWorkspace.Run(["build", ""]);
        Assert.Equal(global::PortableService.Cli.ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: an argument was given an empty value", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--symlink", "/x=", "SYMLINK=OBJECT")]
    [InlineData("--content", ":/x", "PATH or SOURCE:TARGET")]
    public void OptionWithAnEmptyHalf_IsPS1010(string option, string value, string shape)
    {
        _ws.SpecWith();
        _ws.AssertFails(_ws.Build(option, value), $"error PS1010: {option} '{value}' is not of the form {shape}.");
    }

    [Fact]
    public void InspectOfAFolderThatHoldsNoImage_IsPS4058NamingWhatItLacks()
    {
        File.WriteAllBytes(_ws.Combine("app_1.0.raw"), []);
        var result = BuildWorkspace.Run(["inspect", _ws.Root + "/"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains($"error PS4058: {_ws.Root} is a directory, but no image: it has no /etc/os-release or /usr/lib/os-release, nor an extension-release.d/extension-release.* file.", result.Out);
        Assert.Contains("It holds app_1.0.raw: inspect that.", result.Out);
    }

    [Fact]
    public void InspectOfAFifo_IsRefusedWithoutBlocking()
    {
        var fifo = _ws.Combine("image.raw");
        BuildWorkspace.Sh($"mkfifo {BuildWorkspace.Quote(fifo)}");
        var result = BuildWorkspace.Run(["inspect", fifo]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error PS4017: {fifo} is a FIFO, not an image file", result.Out);
    }

    [Fact]
    public void InspectWhenCancelled_StopsWithExitCode130()
    {
        _ws.SpecWith();
        Assert.Equal(0, _ws.Build().ExitCode);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var result = BuildWorkspace.Run(["inspect", Path.Join(_ws.Output, "foo_1.raw")], cancelled.Token);

        Assert.Equal(global::PortableService.Cli.ExitCodes.Interrupted, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal(["interrupted."], result.ErrorLines);
    }

    [Fact]
    public void ContentFolderHoldingTheOutputFolder_IsRefused()
    {
        var output = _ws.Combine("payload/out");
        _ws.SpecWith("\"contents\": [{ \"source\": \"payload\", \"target\": \"/opt/foo\" }]");
        var result = BuildWorkspace.Run(["build", _ws.Combine("spec.json"), "-o", output, "--quiet"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error PS3023: The output directory {output} is inside contents[0] (from {_ws.Combine("payload")}): each build would take the previous image into the next. Write the image elsewhere (--output)."], result.ErrorLines);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void HugeValue_IsEchoedCapped()
    {
        var pname = new string('x', 1_000_000) + "_";
        _ws.SpecWith();
        var result = _ws.Build("--pname", pname);

        Assert.Equal(1, result.ExitCode);
        Assert.InRange(result.Error.Length, 1, 10 * global::PortableService.Cli.Output.TerminalText.MaxMessageLength);
        Assert.Contains("more characters left out)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EscapeSequencesFromAnImage_AreShownEscaped()
    {
        _ws.SpecWith("\"description\": \"evil \\u001b]0;owned\\u0007 \\u202e\"");
        Assert.Equal(0, _ws.Build().ExitCode);

        var result = BuildWorkspace.Run(["inspect", Path.Join(_ws.Output, "foo_1.raw")]);

        Assert.Contains("PORTABLE_PRETTY_NAME=evil \\x1b]0;owned\\x07 \\u202e", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Out);
        Assert.DoesNotContain('\u202e', result.Out);
    }

    [Fact]
    public void ClosureOfHostFileNamesWithEscapeSequences_IsShownEscaped()
    {
        const string Evil = "evil\u001b]0;owned\u0007\u202e";
        _ws.Write($"{Evil}/data.txt", "data\n");
        var program = _ws.Directory.Write($"bin{Evil}", "#!/bin/sh\n", TempDirectory.Executable);
        _ws.SpecWith($"\"contents\": [{{ \"source\": {Json(_ws.Combine(Evil))}, \"target\": \"/opt/x\" }}], \"symlinks\": [{{ \"object\": {Json(program)}, \"symlink\": \"/usr/bin/prog\" }}]");

        var result = BuildWorkspace.Run(["closure", _ws.Combine("spec.json")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"contents[0] (from {_ws.Root}/evil\\x1b]0;owned\\x07\\u202e)", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{_ws.Root}/binevil\\x1b]0;owned\\x07\\u202e", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Out);
        Assert.DoesNotContain('\u202e', result.Out);
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
