using System.Runtime.InteropServices;
using System.Text.Json;
using PortableService.Tests.Systemd;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Cli;

/// <summary>
/// The CLI compiled ahead of time (`dotnet publish -p:PublishAot=true`), as bench/ runs it and as a release binary
/// ships: it must build the very image the JIT-hosted CLI builds, and print the same --json records. The trim and AOT
/// analyzers catch most of what would break it at compile time; this catches the rest (native libraries, generated
/// serializers, reflection the analyzers cannot see).
/// </summary>
public sealed class NativeAotPublishTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public void NativeBinary_BuildsTheSameImageAsTheInProcessCli_AndPrintsJson()
    {
        using var work = new TempDirectory();

        // Its own artifacts path: the publish must not rebuild into the obj/ and bin/ folders the test run is using.
        ProcessRunner.Run(
            [
                "dotnet", "publish", Path.Join(Repository.Root, "src", "PortableService.Cli"),
                "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true",
                "--artifacts-path", work.Combine("artifacts"), "-o", work.Combine("bin"), "--nologo",
            ],
            PublishTimeout).EnsureSuccess();
        var binary = work.Combine("bin", "portable-service");
        var spec = Path.Join(Repository.Example("hello"), "hello.json");

        var native = ProcessRunner.Run([binary, "build", spec, "-o", work.CreateDirectory("native"), "--json"], TimeSpan.FromMinutes(2)).EnsureSuccess();
        var inProcess = TestSupport.Cli.Run("build", spec, "-o", work.CreateDirectory("jit"), "--json");

        Assert.Equal(0, inProcess.ExitCode);
        using var nativeJson = JsonDocument.Parse(native.StandardOutput);
        using var inProcessJson = JsonDocument.Parse(inProcess.Stdout);
        Assert.Equal(inProcessJson.RootElement.GetProperty("sha256").GetString(), nativeJson.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(
            File.ReadAllBytes(work.Combine("jit", "hello_2.12.1.raw")),
            File.ReadAllBytes(work.Combine("native", "hello_2.12.1.raw")));

        var inspect = ProcessRunner.Run([binary, "inspect", work.Combine("native", "hello_2.12.1.raw"), "--json"], TimeSpan.FromMinutes(1)).EnsureSuccess();
        using var report = JsonDocument.Parse(inspect.StandardOutput);
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("hello", report.RootElement.GetProperty("prefixes")[0].GetString());
    }
}
