using System.Text;
using PortableService.Tests.Closure;
using Squashfs;

namespace PortableService.Tests.Robustness;

/// <summary>
/// What nobody named comes in only in the role a program needs it for: a symlink leaving a content stays a link, an
/// interpreter must be one the kernel can execute, and a file not readable by everyone never comes in implicitly.
/// </summary>
public sealed class ImplicitFilesRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();
    private readonly List<string> _outsideFiles = [];

    public void Dispose()
    {
        foreach (var file in _outsideFiles)
        {
            File.Delete(file);
        }

        _ws.Dispose();
    }

    [Fact]
    public void SymlinkToTheRootInAContent_IsALink_AndTheHostIsNotWalked()
    {
        _ws.Symlink("payload/host", "/");
        var result = BuildPayload();

        Assert.Equal((0, 0), (result.ExitCode, Problems(result).Length));
        using var reader = SquashfsReader.Open(Image);
        Assert.Equal("/", reader.Find("/opt/foo/host")!.SymlinkTarget);
        Assert.Null(reader.Find("/etc/passwd"));
        Assert.Null(reader.Find("/usr/share"));
    }

    [Fact]
    public void SymlinkLeavingAContentToAFileNobodyNamed_StaysADanglingLink_WithPS2022()
    {
        var key = _ws.Write("outside/key.pem", "-----BEGIN PRIVATE KEY-----\n");
        _ws.Symlink("payload/key.pem", key);
        var result = BuildPayload();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [$"warning PS2022: the symlink /opt/foo/key.pem, in contents[0] (from {_ws.Combine("payload")}), leads out of its content to {key}, which the image does not hold: it is kept as a link, dangling in the image. Add {key} to contents if the service needs it."],
            Problems(result));
        using var reader = SquashfsReader.Open(Image);
        Assert.Equal(key, reader.Find("/opt/foo/key.pem")!.SymlinkTarget);
        Assert.Null(reader.Find(key));
    }

    [Fact]
    public void SymlinkLeavingAContentToWhatTheImageHolds_IsALink_WithoutAWarning()
    {
        _ws.Symlink("payload/true", "/bin/true");
        var result = BuildPayload();

        Assert.Equal((0, 0), (result.ExitCode, Problems(result).Length));
        using var reader = SquashfsReader.Open(Image);
        Assert.Equal("/bin/true", reader.Find("/opt/foo/true")!.SymlinkTarget);
    }

    [Theory]
    [InlineData(0b110_000_000, "has no execute permission")]
    [InlineData(0b111_101_101, "is not an ELF file")]
    public void ElfInterpreterThatIsADataFile_IsPS2020(int mode, string why)
    {
        var interpreter = OutsideFile("data, not a loader\n", mode);
        var program = PatchedTrue(interpreter);
        var result = BuildPayload(program);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"error PS2020: the ELF interpreter {interpreter} of /opt/foo/prog (", StringComparison.Ordinal) && l.Contains(why, StringComparison.Ordinal));
        _ws.AssertNoOutput();
    }

    [Fact]
    public void ElfInterpreterNotReadableByEveryone_IsPS2021()
    {
        var interpreter = OutsideFile(File.ReadAllBytes(NativeBuild.HostInterpreter), 0b111_000_000);
        var result = BuildPayload(PatchedTrue(interpreter));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"error PS2021: {interpreter} (ELF interpreter of /opt/foo/prog) is not readable by everyone (mode 0700)", StringComparison.Ordinal));
        _ws.AssertNoOutput();
    }

    [Fact]
    public void ScriptInterpreterThatIsADataFile_IsPS2020()
    {
        var interpreter = OutsideFile("not a program\n", 0b110_100_100);
        var result = BuildPayload(Encoding.UTF8.GetBytes($"#!{interpreter}\necho hi\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"error PS2020: the #! interpreter {interpreter} of /opt/foo/prog (", StringComparison.Ordinal) && l.Contains("has no execute permission", StringComparison.Ordinal));
        _ws.AssertNoOutput();
    }

    [Fact]
    public void EnvCommandThatIsADataFile_IsPS2020()
    {
        var command = OutsideFile("not a program\n", 0b111_101_101);
        var result = BuildPayload(Encoding.UTF8.GetBytes($"#!/usr/bin/env -S {command} --flag\necho hi\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"error PS2020: the command run by env {command} of /opt/foo/prog (", StringComparison.Ordinal) && l.Contains("is neither an ELF file nor a script", StringComparison.Ordinal));
        _ws.AssertNoOutput();
    }

    [Fact]
    public void ScriptInterpreterNotReadableByEveryone_IsPS2021()
    {
        var interpreter = OutsideFile(File.ReadAllBytes("/bin/sh"), 0b111_001_001);
        var result = BuildPayload(Encoding.UTF8.GetBytes($"#!{interpreter}\necho hi\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith($"error PS2021: {interpreter} (#! interpreter of /opt/foo/prog) is not readable by everyone (mode 0711)", StringComparison.Ordinal));
        _ws.AssertNoOutput();
    }

    private string Image => Path.Join(_ws.Output, "foo_1.raw");

    /// <summary>The warnings and errors a build printed (standard error also has its summary line).</summary>
    private static string[] Problems(CliResult result) =>
        [.. result.ErrorLines.Where(l => l.StartsWith("warning ", StringComparison.Ordinal) || l.StartsWith("error ", StringComparison.Ordinal))];

    /// <summary>Builds foo with payload/ at /opt/foo (warnings shown); with a program, foo.service runs it as /opt/foo/prog.</summary>
    private CliResult BuildPayload(byte[]? program = null)
    {
        var unit = "foo.service";
        if (program is not null)
        {
            var path = _ws.Combine("payload/prog");
            File.WriteAllBytes(path, program);
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
            unit = _ws.Write("prog.service", "[Service]\nExecStart=/opt/foo/prog\n");
            File.Move(unit, _ws.Combine("foo.service"), overwrite: true);
        }

        _ws.SpecWith("\"contents\": [{ \"source\": \"payload\", \"target\": \"/opt/foo\" }]");

        // Not --quiet: the warnings are part of what these tests check.
        return BuildWorkspace.Run(["build", _ws.Combine("spec.json"), "-o", _ws.Output]);
    }

    /// <summary>A file outside the workspace at a path no longer than the host's loader path, so a program can name it.</summary>
    private string OutsideFile(string text, int mode) => OutsideFile(Encoding.UTF8.GetBytes(text), mode);

    private string OutsideFile(byte[] content, int mode)
    {
        const string prefix = "/tmp/ps-interp-";
        var path = prefix + Guid.NewGuid().ToString("N")[..(NativeBuild.HostInterpreter.Length - prefix.Length)];
        File.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        _outsideFiles.Add(path);
        return path;
    }

    /// <summary>/bin/true with its PT_INTERP pointing at <paramref name="interpreter"/>.</summary>
    private static byte[] PatchedTrue(string interpreter) => NativeBuild.WithInterpreter(File.ReadAllBytes("/bin/true"), interpreter);
}
