using PortableService.Tests.Closure;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Cli;

/// <summary>
/// <c>--allow-missing</c> as typed: bare for every library, with a name for that one, and never swallowing the SPEC
/// that follows it.
/// </summary>
public class CommandLineRunAllowMissingTests
{
    [ToolTheory("gcc")]
    [InlineData(1, "{spec}")]
    [InlineData(0, "--allow-missing", "{spec}")]
    [InlineData(0, "{spec}", "--allow-missing")]
    [InlineData(0, "{spec}", "--allow-missing", "libgone.so")]
    [InlineData(0, "--allow-missing", "libgone.so", "{spec}")]
    [InlineData(1, "--allow-missing", "libother.so", "{spec}")]
    public void Closure_OfAProgramWhoseLibraryIsGone(int exitCode, params string[] arguments)
    {
        using var work = new TempDirectory();
        var libraries = Path.Join(work.Path, "lib");
        var library = NativeBuild.SharedLibrary(libraries, "gone");
        var program = NativeBuild.Program(Path.Join(work.Path, "bin"), "prog", ["gone"], "-L" + libraries, "-lgone");
        File.Delete(library);
        var unit = work.Write("prog.service", $"[Service]\nExecStart={program}\n");
        var spec = work.Write("prog.json", $$"""{"pname": "prog", "version": "1", "units": ["{{unit}}"]}""");

        var result = TestSupport.Cli.Run(["closure", .. arguments.Select(a => a.Replace("{spec}", spec))]);

        Assert.True(exitCode == result.ExitCode, result.Stderr);
        Assert.Contains("PS2002", result.Stderr);
        Assert.Contains("libgone.so", result.Stderr);
    }
}
