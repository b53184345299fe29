using System.Diagnostics;
using PortableService.Inspection;
using PortableService.Systemd;
using PortableService.Tests.TestSupport;
using Squashfs;

namespace PortableService.Tests.DotNet;

/// <summary>
/// <c>dotnet publish -t:PublishPortableService</c> on an app made by <c>dotnet new worker</c> (offline, from the SDK's
/// templates) with a few lines of self-test, the package taken from a local feed that <c>dotnet pack</c> made: the
/// image has what the runtime loads, <c>inspect</c> passes, and under chroot the self-test line prints.
/// </summary>
public sealed class PublishPortableServiceTests(PublishPortableServiceTests.Feed feed) : IClassFixture<PublishPortableServiceTests.Feed>
{
    private const string SelfTest = """
        if (args.Contains("--selftest"))
        {
            using var rsa = System.Security.Cryptography.RSA.Create(2048);
            byte[] data = [1, 2, 3];
            var signature = rsa.SignData(data, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            var verified = rsa.VerifyData(data, signature, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var store = new System.Security.Cryptography.X509Certificates.X509Store(System.Security.Cryptography.X509Certificates.StoreName.Root, System.Security.Cryptography.X509Certificates.StoreLocation.LocalMachine);
            store.Open(System.Security.Cryptography.X509Certificates.OpenFlags.ReadOnly);
            Console.WriteLine($"selftest {1234.5.ToString("N1", new System.Globalization.CultureInfo("de-DE"))} rsa={verified} roots={store.Certificates.Count > 0}");
            return;
        }

        """;

    [Fact]
    public void FrameworkDependentImageHasTheFrameworkAndRebuildsOnlyOnChange()
    {
        using var app = NewWorker();
        var image = Publish(app, []);
        AssertRuntimeNeeds(image, "/usr/share/dotnet/shared/Microsoft.NETCore.App/", jit: true);
        using (var reader = SquashfsReader.Open(image))
        {
            Assert.NotNull(reader.Resolve("/usr/share/dotnet/dotnet"));
            Assert.DoesNotContain(reader.Walk(), e => e.Path.EndsWith(".pdb", StringComparison.Ordinal) || e.Path.EndsWith("libcoreclrtraceptprovider.so", StringComparison.Ordinal));
        }

        var built = File.GetLastWriteTimeUtc(image);
        Publish(app, []);
        Assert.Equal(built, File.GetLastWriteTimeUtc(image));

        File.AppendAllText(app.Combine("Worker.cs"), "\n// changed\n");
        Publish(app, []);
        Assert.NotEqual(built, File.GetLastWriteTimeUtc(image));
        AssertSelfTestRuns(image);
    }

    [Fact]
    public void SelfContainedImageShipsTheRuntimeAndRuns()
    {
        using var app = NewWorker();
        var image = Publish(app, ["-r", "linux-x64", "--self-contained"]);
        AssertRuntimeNeeds(image, "/opt/app/libcoreclr.so", jit: true);
        AssertSelfTestRuns(image);
    }

    [Fact]
    public void NativeAotImageRunsWithoutTheRuntime()
    {
        using var app = NewWorker();
        var image = Publish(app, ["-r", "linux-x64", "-p:PublishAot=true"]);
        AssertRuntimeNeeds(image, "/opt/app/app", jit: false);
        using (var reader = SquashfsReader.Open(image))
        {
            Assert.Null(reader.Find("/opt/app/app.dbg"));
        }

        AssertSelfTestRuns(image);
    }

    private TempDirectory NewWorker()
    {
        var directory = new TempDirectory("ps-dotnet-");
        Run(directory.Path, "new", "worker", "-n", "app", "-o", ".", "--no-restore");
        // After the template's using directives, before its first statement.
        var program = File.ReadAllLines(directory.Combine("Program.cs")).ToList();
        program.Insert(program.FindLastIndex(l => l.StartsWith("using ", StringComparison.Ordinal)) + 1, SelfTest);
        File.WriteAllLines(directory.Combine("Program.cs"), program);
        File.WriteAllText(directory.Combine("nuget.config"), $"""<configuration><packageSources><add key="portable-service" value="{feed.Directory.Path}" /></packageSources></configuration>""");
        Run(directory.Path, "add", "package", "PortableService.Build", "--version", feed.Version);
        return directory;
    }

    /// <summary>Publishes with the fast lz4 codec and the profile a JIT app needs, and returns the image path.</summary>
    private static string Publish(TempDirectory app, string[] arguments)
    {
        Run(app.Path, ["publish", "-c", "Release", "-t:PublishPortableService", "-p:PortableServiceCompression=lz4", "-p:PortableServiceProfile=trusted", .. arguments]);
        return Assert.Single(Directory.GetFiles(app.Path, "app_1.0.0.raw", SearchOption.AllDirectories));
    }

    /// <summary>
    /// The image holds what the runtime loads, and inspect passes it under the profile it was built for: a JIT app is
    /// flagged (PS4031) under every profile with MemoryDenyWriteExecute=yes and passes under trusted; Native AOT passes
    /// under all four.
    /// </summary>
    private static void AssertRuntimeNeeds(string image, string runtimeFile, bool jit)
    {
        using (var reader = SquashfsReader.Open(image))
        {
            var paths = reader.Walk().Select(e => e.Path).ToList();
            Assert.Contains(paths, p => p.StartsWith(runtimeFile, StringComparison.Ordinal));
            Assert.Contains(paths, p => p.Contains("/libicuuc.so.", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.Contains("/libicudata.so.", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.EndsWith("/libssl.so.3", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.EndsWith("/libcrypto.so.3", StringComparison.Ordinal));
            Assert.Contains("/etc/ssl/certs/ca-certificates.crt", paths);
            Assert.Contains("/etc/systemd/system/app.service", paths);
        }

        foreach (var profile in PortableProfile.StandardNames)
        {
            var report = ImageInspector.Inspect(image, new InspectionOptions { Profile = PortableProfile.Find(profile) });
            var flagged = report.Findings.Any(f => f.Code == InspectionCodes.JitUnderMemoryDenyWriteExecute);
            Assert.Equal(jit && profile != "trusted", flagged);
            Assert.Equal(flagged, report.HasErrors);
        }
    }

    /// <summary>Mounts the image and runs the app's self-test under chroot, as the service would start (root only).</summary>
    private static void AssertSelfTestRuns(string image)
    {
        if (Environment.UserName != "root")
        {
            return;
        }

        using var mount = new TempDirectory("ps-dotnet-mnt-");
        Run("/", "mount", "-o", "loop,ro", "-t", "squashfs", image, mount.Path);
        try
        {
            Run("/", "mount", "--bind", "/proc", Path.Join(mount.Path, "proc"));
            try
            {
                var output = Run("/", "env", "-i", "HOME=/tmp", "DOTNET_ROOT=/usr/share/dotnet", "/usr/sbin/chroot", mount.Path, "/opt/app/app", "--selftest");
                Assert.Contains("selftest 1.234,5 rsa=True roots=True", output);
            }
            finally
            {
                Run("/", "umount", Path.Join(mount.Path, "proc"));
            }
        }
        finally
        {
            Run("/", "umount", mount.Path);
        }
    }

    private static string Run(string directory, params string[] arguments)
    {
        var dotnet = arguments[0] is "mount" or "umount" or "env" ? arguments[0] : "dotnet";
        var start = new ProcessStartInfo(dotnet) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in dotnet == "dotnet" ? arguments : arguments[1..])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{dotnet} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    /// <summary>The PortableService.Build package, packed once into a local feed.</summary>
    public sealed class Feed : IDisposable
    {
        public Feed()
        {
            Run(Repository.Root, "pack", "src/PortableService.Build", "-c", "Release", "-m:1", "-o", Directory.Path, $"-p:Version={Version}");
        }

        /// <summary>A version of its own, so that NuGet's global cache never serves an older build of the package.</summary>
        public string Version { get; } = $"1.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";

        public TempDirectory Directory { get; } = new("ps-feed-");

        public void Dispose() => Directory.Dispose();
    }
}
