using System.Text.Json;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Cli;

/// <summary>The real command line, parsed and run in-process: exit codes, what is printed, what is written.</summary>
public class CommandLineRunTests
{
    private static string HelloSpec => Path.Join(Repository.Example("hello"), "hello.json");

    [Fact]
    public void Build_PrintsTheImagePath_AndExitsZero()
    {
        using var output = new TempDirectory();
        var result = TestSupport.Cli.Run("build", HelloSpec, "-o", output.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Path.Join(output.Path, "hello_2.12.1.raw") + "\n", result.Stdout);
        Assert.Contains("built hello_2.12.1.raw", result.Stderr);
        Assert.True(File.Exists(Path.Join(output.Path, "hello_2.12.1.raw")));
    }

    [Fact]
    public void Build_Json_PrintsTheSummaryRecord()
    {
        using var output = new TempDirectory();
        var result = TestSupport.Cli.Run("build", HelloSpec, "-o", output.Path, "--json", "--source-date-epoch", "0");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        var path = root.GetProperty("path").GetString()!;
        Assert.Equal(new FileInfo(path).Length, root.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), root.GetProperty("sha256").GetString());
        Assert.True(root.GetProperty("files").GetInt64() >= 6);
        Assert.True(root.GetProperty("bytesIn").GetInt64() > 100_000);
        Assert.Equal("native", root.GetProperty("writer").GetString());
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
    }

    [Fact]
    public void Build_FromOptionsOnly_OverridesAndNeedsNoSpecFile()
    {
        using var work = new TempDirectory();
        var unit = work.Write("web.service", "[Service]\nExecStart=/usr/bin/env\n");
        var result = TestSupport.Cli.Run("build", "--pname", "web", "--version", "3", "--unit", unit, "--os-release", "SUPPORT_URL=https://example.com", "--squash-compression", "zstd", "-o", work.Path, "--quiet");

        Assert.Equal((0, string.Empty, string.Empty), (result.ExitCode, result.Stdout, result.Stderr));
        var report = PortableService.Inspection.ImageInspector.Inspect(Path.Join(work.Path, "web_3.raw"));
        Assert.Equal("https://example.com", report.OsRelease["SUPPORT_URL"]);
        Assert.Equal(["web.service"], report.Units.Select(u => u.Name));
        Assert.False(report.HasErrors, string.Join("\n", report.Findings));
    }

    [Fact]
    public void Build_WithAnInvalidSpec_ReportsEveryProblem_ExitsOne_AndWritesNothing()
    {
        using var work = new TempDirectory();
        var spec = work.Write("bad.json", """{ "pname": "my_app", "version": "", "units": [ { "name": "other.service", "text": "" } ], "colour": 1 }""");
        var result = TestSupport.Cli.Run("build", spec, "-o", work.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("PS1004", result.Stderr);
        Assert.Contains("$.colour", result.Stderr);
        Assert.Contains("PS1103", result.Stderr);
        Assert.Contains("PS1105", result.Stderr);
        Assert.Contains("PS1210", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Equal([spec], Directory.GetFiles(work.Path));
    }

    [Fact]
    public void Build_Verbose_AddsTheStackTrace()
    {
        using var work = new TempDirectory();
        var result = TestSupport.Cli.Run("build", Path.Join(work.Path, "missing.json"), "-o", work.Path, "--verbose");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("   at ", result.Stderr);
    }

    [Fact]
    public void UnknownOption_IsAUsageError()
    {
        var result = TestSupport.Cli.Run("build", HelloSpec, "--frobnicate");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--frobnicate", result.Stderr);
        Assert.Contains("--help", result.Stderr);
    }

    [Fact]
    public void Help_ShowsExamples()
    {
        var result = TestSupport.Cli.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("portable-service build examples/hello/hello.json -o out", result.Stdout);
    }

    [Fact]
    public void Closure_ListsEachPathWithItsReason()
    {
        var result = TestSupport.Cli.Run("closure", HelloSpec);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("/usr/bin/echo", result.Stdout);
        Assert.Contains("unit hello.service ExecStart=", result.Stdout);
        Assert.Contains("libc.so.6", result.Stdout);

        var json = TestSupport.Cli.Run("closure", HelloSpec, "--json");
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Contains(document.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("path").GetString() == "/usr/bin/echo");
    }

    [Fact]
    public void Inspect_OfABuiltImage_PassesAndCatsTheUnit()
    {
        using var output = new TempDirectory();
        Assert.Equal(0, TestSupport.Cli.Run("build", HelloSpec, "-o", output.Path, "--quiet").ExitCode);
        var result = TestSupport.Cli.Run("inspect", Path.Join(output.Path, "hello_2.12.1.raw"), "--cat");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PORTABLE_PREFIXES=hello", result.Stdout);
        Assert.Contains("    hello.service", result.Stdout);
        Assert.Contains("# /etc/systemd/system/hello.service", result.Stdout);
        Assert.Contains("ExecStart=/usr/bin/echo Hello, world!", result.Stdout);
        Assert.Contains("all passed", result.Stdout);
    }

    [Fact]
    public void Inspect_OfSomethingElse_ExitsOneWithFindings()
    {
        using var work = new TempDirectory();
        var notAnImage = work.Write("hello_1.raw", "not squashfs");
        var result = TestSupport.Cli.Run("inspect", notAnImage, "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("PS4017", json.RootElement.GetProperty("findings")[0].GetProperty("code").GetString());
    }

    [Fact]
    public void Squash_PacksADirectory_ThatUnsquashfsReads()
    {
        using var work = new TempDirectory();
        work.Write("src/a.txt", "alpha");
        work.Write("src/sub/b.txt", "beta");
        var image = Path.Join(work.Path, "out.sqfs");
        var result = TestSupport.Cli.Run("squash", Path.Join(work.Path, "src"), image, "--comp", "gzip", "-b", "4K");

        Assert.Equal(0, result.ExitCode);
        var listing = ExternalTool.RunChecked("unsquashfs", "-l", image).Stdout;
        Assert.Contains("squashfs-root/sub/b.txt", listing);
    }
}
