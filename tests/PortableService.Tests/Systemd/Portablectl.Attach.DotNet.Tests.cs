using System.Net.Sockets;
using System.Runtime.Versioning;
using PortableService.DotNet;
using PortableService.Tests.DotNet;
using Squashfs;
using Xunit.Abstractions;

namespace PortableService.Tests.Systemd;

/// <summary>
/// The images <c>dotnet publish -t:PublishPortableService</c> made of <c>dotnet new worker</c> and <c>dotnet new web</c>
/// (<see cref="DotNetTestApps"/>, shared with the chroot tests), attached with the profile each is built for (JIT:
/// trusted; Native AOT: default, and strict for the web app on a unix socket) and started by real systemd with the
/// generated units (the worker's <c>Type=notify</c>): each logs its self-test line (ICU, RSA, a TLS 1.3 handshake checked against the image's trust store
/// with a test CA in it, roots in the store), the web app answers HTTP over TCP, a unix socket, and a socket systemd
/// listens on and passes (socket activation). And the layered form: the framework-dependent worker as an extension
/// over a base image holding the shared runtime, both built with our command line.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachDotNetTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private SystemdContainer Container => fixture.Container;

    public static TheoryData<string> JitAndAotVariants => new() { "fdd", "sc", "aot" };

    [Theory]
    [MemberData(nameof(JitAndAotVariants))]
    public void Worker_StartedUnderItsProfile_LogsItsSelfTestAndKeepsRunning(string variant)
    {
        var image = Stage(DotNetTestApps.Worker, Variant(variant));
        var name = Path.GetFileNameWithoutExtension(image.Path);
        try
        {
            Attach(image);
            var cursor = Container.JournalCursor();
            Container.Run("systemctl", "start", "app.service").EnsureSuccess();
            var lines = WaitForSelfTest("app.service", cursor, l => l.Contains("Worker running at:", StringComparison.Ordinal));
            Assert.Contains(DotNetSelfTest.Passed, lines);

            // The generated unit is Type=notify (the app uses Microsoft.Extensions.Hosting.Systemd): systemctl start
            // returned once the app said READY=1, so the service is active, not activating.
            var show = Container.Run("systemctl", "show", "-p", "Type", "-p", "ActiveState", "-p", "SubState", "app.service").EnsureSuccess().OutputLines;
            Assert.Equal(["ActiveState=active", "SubState=running", "Type=notify"], show.Where(l => l.Length > 0).Order(StringComparer.Ordinal));
            Container.Run("portablectl", "detach", "--now", name).EnsureSuccess();
        }
        finally
        {
            fixture.EnsureDetached(name);
        }
    }

    [Theory]
    [MemberData(nameof(JitAndAotVariants))]
    public void Web_StartedUnderItsProfile_AnswersHttpOverTcp(string variant)
    {
        var image = Stage(DotNetTestApps.Web, Variant(variant));
        var name = Path.GetFileNameWithoutExtension(image.Path);
        try
        {
            Attach(image);
            var cursor = Container.JournalCursor();
            Container.Run("systemctl", "start", "web.service").EnsureSuccess();
            var lines = WaitForSelfTest("web.service", cursor, l => l.StartsWith("selftest get", StringComparison.Ordinal));
            Assert.Contains(DotNetSelfTest.Passed, lines);
            Assert.Contains(DotNetSelfTest.GetPassed, lines);

            // The generated unit's ASPNETCORE_URLS: 0.0.0.0:8080. minbase has no curl: bash's /dev/tcp.
            var reply = Container.Run(TimeSpan.FromSeconds(20), "timeout", "15", "bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET / HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && cat <&3").EnsureSuccess().StandardOutput;
            output.WriteLine(reply);
            Assert.StartsWith("HTTP/1.1 200 OK", reply, StringComparison.Ordinal);
            Assert.EndsWith("Hello World!", reply.TrimEnd(), StringComparison.Ordinal);
            Container.Run("portablectl", "detach", "--now", name).EnsureSuccess();
        }
        finally
        {
            fixture.EnsureDetached(name);
        }
    }

    /// <summary>The strict profile allows only AF_UNIX: Kestrel listens on a unix socket in the unit's runtime directory.</summary>
    [Fact]
    public async Task Web_NativeAotOnAUnixSocket_RunsUnderTheStrictProfile()
    {
        var image = Stage(DotNetTestApps.Web, DotNetTestApps.NativeAotUnixSocket);
        var name = Path.GetFileNameWithoutExtension(image.Path);
        try
        {
            Attach(image);
            var cursor = Container.JournalCursor();
            Container.Run("systemctl", "start", "web.service").EnsureSuccess();
            var lines = WaitForSelfTest("web.service", cursor, l => l.StartsWith("selftest get", StringComparison.Ordinal));
            Assert.Contains(DotNetSelfTest.Passed, lines);
            Assert.Contains(DotNetSelfTest.GetPassed, lines);
            Assert.Equal("Hello World!", await GetOverUnixSocketAsync("/run/web/web.sock"));
            Container.Run("portablectl", "detach", "--now", name).EnsureSuccess();
        }
        finally
        {
            fixture.EnsureDetached(name);
        }
    }

    /// <summary>The generated web.socket listens; the first connection starts web.service, which takes the socket from systemd.</summary>
    [Fact]
    public async Task Web_NativeAotSocketActivated_StartsOnTheFirstConnectionAndAnswersOnThePassedSocket()
    {
        var image = Stage(DotNetTestApps.Web, DotNetTestApps.NativeAotSocketActivated);
        var name = Path.GetFileNameWithoutExtension(image.Path);
        try
        {
            Attach(image);
            Container.Run("systemctl", "start", "web.socket").EnsureSuccess();
            Assert.Equal("inactive", Container.Run("systemctl", "is-active", "web.service").StandardOutput.Trim());

            var cursor = Container.JournalCursor();
            Assert.Equal("Hello World!", await GetOverUnixSocketAsync(DotNetTestApps.ActivationSocket));
            Assert.Equal("active", Container.Run("systemctl", "is-active", "web.service").StandardOutput.Trim());
            var lines = WaitForSelfTest("web.service", cursor, l => l.StartsWith("selftest get", StringComparison.Ordinal));
            Assert.Contains(DotNetSelfTest.Passed, lines);
            Assert.Contains(lines, l => l.Contains($"Now listening on: http://unix:{DotNetTestApps.ActivationSocket}", StringComparison.Ordinal));
            Container.Run("portablectl", "detach", "--now", name).EnsureSuccess();
        }
        finally
        {
            fixture.EnsureDetached(name);
        }
    }

    /// <summary>
    /// The runtime base (this machine's .NET install as a content, placed at /usr/lib/dotnet where no apphost looks by
    /// itself, with the test CA's bundle as OpenSSL's) and the framework-dependent worker as an extension over it,
    /// built with <c>portable-service build</c>: the extension holds the app and no runtime, and the worker, started by
    /// portabled from the two layers, finds the base's runtime through its /etc/dotnet/install_location and runs on
    /// the base's runtime, ICU, OpenSSL and trust store.
    /// </summary>
    [Fact]
    public void Worker_FrameworkDependentExtensionOverARuntimeBase_RunsOnTheBasesRuntime()
    {
        var worker = DotNetTestApps.Worker.Image(DotNetTestApps.FrameworkDependent);
        var directory = Directory.CreateDirectory(Path.Join(fixture.ImagesDirectory, "dotnet-layers")).FullName;
        var runtime = DotNetInstall.Locate()?.Root;
        Assert.True(runtime is not null, "no .NET install on this machine to make the runtime base of");
        var runtimeBase = BuildWithCli(directory, "--pname", "dotnet", "--version", "10", "--content", $"{runtime}:{LayeredRuntime}", "--content", $"{Path.Join(DotNetTestApps.Certificates, "bundle.pem")}:/usr/lib/ssl/cert.pem");
        var unit = Path.Join(directory, "app.service");
        File.WriteAllText(unit, LayeredWorkerUnit);
        var app = BuildWithCli(directory, "--type", "extension", "--base", runtimeBase, "--pname", "app", "--version", "1.0", "--unit", unit, "--content", $"{worker.PublishDirectory}:/opt/app", "--profile", "trusted");
        Assert.Equal(["app_1.0.raw", "dotnet_10.raw"], new[] { app, runtimeBase }.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using (var reader = SquashfsReader.Open(app))
        {
            var paths = reader.Walk().Select(e => e.Path).ToList();
            Assert.Contains("/opt/app/app", paths);
            Assert.DoesNotContain(paths, p => p.EndsWith("/libcoreclr.so", StringComparison.Ordinal) || p.EndsWith("/libhostfxr.so", StringComparison.Ordinal) || p.StartsWith("/usr/lib/dotnet", StringComparison.Ordinal));
        }

        using (var reader = SquashfsReader.Open(runtimeBase))
        {
            Assert.Contains(reader.Walk(), e => e.Path.StartsWith(LayeredRuntime + "/shared/Microsoft.NETCore.App/", StringComparison.Ordinal) && e.Name == "libcoreclr.so");
            Assert.Null(reader.Find("/usr/share/dotnet"));
            Assert.Equal(LayeredRuntime + "\n", System.Text.Encoding.UTF8.GetString(reader.ReadAllBytes(reader.Find(DotNetInstall.InstallLocationFile)!)));
        }

        var (b, a) = (fixture.ImagePath(runtimeBase), fixture.ImagePath(app));
        try
        {
            var cursor = Container.JournalCursor();
            Container.Run("portablectl", "attach", "--now", "--runtime", "--profile", "trusted", "--extension", a, b, "app").EnsureSuccess();
            var lines = WaitForSelfTest("app.service", cursor, l => l.Contains("Worker running at:", StringComparison.Ordinal));
            Assert.Contains(DotNetSelfTest.Passed, lines);
            Assert.Equal("active", Container.Run("systemctl", "is-active", "app.service").StandardOutput.Trim());
            Container.Run("portablectl", "detach", "--now", "--runtime", "--extension", a, b, "app").EnsureSuccess();
        }
        finally
        {
            if (!Container.HasExited)
            {
                Container.Run("portablectl", "detach", "--now", "--runtime", "--extension", a, b, "app");
            }
        }
    }

    /// <summary>Where the runtime base holds the runtime: not /usr/share/dotnet, where apphosts look when nothing says otherwise.</summary>
    private const string LayeredRuntime = "/usr/lib/dotnet";

    /// <summary>
    /// The extension's unit: the apphost finds the runtime through the base's /etc/dotnet/install_location; the runtime
    /// gets a writable home (TLS looks there) in a private /tmp, whose mount point the base has.
    /// </summary>
    private const string LayeredWorkerUnit = """
        [Unit]
        Description=A .NET worker from an extension over the .NET runtime base

        [Service]
        Type=notify
        ExecStart=/opt/app/app
        WorkingDirectory=/opt/app
        PrivateTmp=yes
        Environment=HOME=/tmp
        Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1

        """;

    /// <summary>Runs <c>portable-service build ARGS -o DIRECTORY</c> (lz4, this run's block cache) and returns the image it printed.</summary>
    private string BuildWithCli(string directory, params string[] arguments)
    {
        var result = TestSupport.Cli.Run(["build", .. arguments, "--squash-compression", "lz4", "-o", directory]);
        output.WriteLine(result.Stderr.Length > 4000 ? result.Stderr[..4000] + "..." : result.Stderr);
        Assert.True(result.ExitCode == 0, $"build {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Stderr}");
        return result.Stdout.Trim();
    }

    private static DotNetTestVariant Variant(string name) => name switch
    {
        "fdd" => DotNetTestApps.FrameworkDependent,
        "sc" => DotNetTestApps.SelfContained,
        "aot" => DotNetTestApps.NativeAot,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>The variant's image (published once for all tests), copied to where the container sees it.</summary>
    private DotNetTestImage Stage(DotNetTestProject app, DotNetTestVariant variant)
    {
        var published = app.Image(variant);
        output.WriteLine(published.ToString());
        var directory = Directory.CreateDirectory(Path.Join(fixture.ImagesDirectory, $"dotnet-{app.Name}-{variant.Name}")).FullName;
        var staged = Path.Join(directory, Path.GetFileName(published.Path));
        File.Copy(published.Path, staged, overwrite: true);
        return published with { Path = staged };
    }

    private void Attach(DotNetTestImage image)
    {
        var attach = Container.Run("portablectl", "attach", "--profile", image.Variant.Profile, fixture.ImagePath(image.Path)).EnsureSuccess();
        output.WriteLine(attach.ToString());
    }

    /// <summary>
    /// Waits until the unit has logged its self-test line and <paramref name="until"/> holds for one of its lines, or the
    /// service failed; returns its lines.
    /// </summary>
    private IReadOnlyList<string> WaitForSelfTest(string unit, string cursor, Func<string, bool> until)
    {
        var lines = Container.WaitForJournalAbout(unit, cursor,
            l => (l.Any(x => x.StartsWith("selftest ", StringComparison.Ordinal) && !x.StartsWith("selftest get", StringComparison.Ordinal)) && l.Any(until))
                || l.Any(x => x.Contains("Failed with result", StringComparison.Ordinal)),
            StartTimeout);
        output.WriteLine($"{unit} logged:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        return lines;
    }

    /// <summary>A GET from the test host through the container's root (/proc/PID/root) to a unix socket inside.</summary>
    private async Task<string> GetOverUnixSocketAsync(string socket)
    {
        var path = $"/proc/{Container.LeaderPid}/root{socket}";
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await connection.ConnectAsync(new UnixDomainSocketEndPoint(path), token);
                return new NetworkStream(connection, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        return await http.GetStringAsync("http://localhost/");
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachDotNetTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachDotNetTests(fixture, output);
}
