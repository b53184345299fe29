using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.DotNet;

/// <summary>
/// The apps made by <c>dotnet new worker</c> and <c>dotnet new web</c> (offline, from the SDK's templates) with
/// <see cref="DotNetSelfTest"/>, published with <c>dotnet publish -t:PublishPortableService</c> from a local feed that
/// <c>dotnet pack</c> made. Each variant is published once per test process and shared by the tests that need it (the
/// chroot tests and both systemd versions), to keep CI time down.
/// </summary>
public static class DotNetTestApps
{
    private static readonly Lazy<string> s_feed = new(PackFeed);
    private static readonly Lazy<string> s_certificates = new(WriteCertificates);
    private static readonly Lazy<string> s_root = new(CreateRoot);

    /// <summary>
    /// The worker, pname <c>app</c>, with systemd integration (Microsoft.Extensions.Hosting.Systemd, <c>AddSystemd()</c>:
    /// its unit is <c>Type=notify</c>): it logs the self-test line, then "Worker running at:" every second.
    /// </summary>
    public static DotNetTestProject Worker { get; } = new("worker", "app", "worker", InsertWorkerLines, SystemdHostingPackage);

    /// <summary>The package that tells systemd when the app is ready, in the version of the template's hosting package.</summary>
    public const string SystemdHostingPackage = "Microsoft.Extensions.Hosting.Systemd";

    /// <summary>The minimal API, pname <c>web</c>: <c>GET /</c> answers "Hello World!".</summary>
    public static DotNetTestProject Web { get; } = new("web", "web", "web", InsertWebLines, null);

    /// <summary>The package's version in the feed: one of its own, so NuGet's global cache never serves an older build.</summary>
    public static string PackageVersion { get; } = $"1.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";

    /// <summary>The profile a JIT app needs (MemoryDenyWriteExecute=no) and the one Native AOT runs under.</summary>
    public static readonly DotNetTestVariant FrameworkDependent = new("fdd", "trusted");

    public static readonly DotNetTestVariant SelfContained = new("sc", "trusted", "-r", "linux-x64", "--self-contained");

    public static readonly DotNetTestVariant NativeAot = new("aot", "default", "-r", "linux-x64", "-p:PublishAot=true");

    /// <summary>Native AOT listening on a unix socket in its runtime directory: what the strict profile (AF_UNIX only) allows.</summary>
    public static readonly DotNetTestVariant NativeAotUnixSocket = new("aot-unix", "strict", "-r", "linux-x64", "-p:PublishAot=true", $"-p:PortableServiceUrls={UnixSocketUrl}");

    /// <summary>Native AOT started by a generated web.socket, listening on the socket systemd passes.</summary>
    public static readonly DotNetTestVariant NativeAotSocketActivated = new("aot-socket", "default", "-r", "linux-x64", "-p:PublishAot=true", $"-p:PortableServiceSocket={ActivationSocket}");

    public const string UnixSocketUrl = "http://unix:/run/web/web.sock";

    public const string ActivationSocket = "/run/web.sock";

    internal static string Feed => s_feed.Value;

    internal static string Certificates => s_certificates.Value;

    /// <summary>A new folder for this test process: under one root per process, which the next test process removes.</summary>
    internal static string NewDirectory(string name) => Directory.CreateDirectory(Path.Join(s_root.Value, name)).FullName;

    /// <summary>
    /// <c>$TMPDIR/ps-dotnet-PID</c>. The test host is killed rather than ended, so no exit hook runs: the roots of test
    /// processes that are gone (about 1 GB of apps each) are removed here instead.
    /// </summary>
    private static string CreateRoot()
    {
        foreach (var old in Directory.EnumerateDirectories(Path.GetTempPath(), "ps-dotnet-*"))
        {
            if (int.TryParse(Path.GetFileName(old)["ps-dotnet-".Length..], out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                Directory.Delete(old, recursive: true);
            }
        }

        return Directory.CreateDirectory(Path.Join(Path.GetTempPath(), $"ps-dotnet-{Environment.ProcessId}")).FullName;
    }

    /// <summary>Runs <c>dotnet ARGS</c> (or mount, umount, env) and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string Run(string directory, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = RunUnchecked(directory, arguments);
        Assert.True(exitCode == 0, $"{string.Join(' ', arguments)} failed ({exitCode}):\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <summary>Runs <c>dotnet ARGS</c> (or mount, umount, env) and returns its exit code and output.</summary>
    public static (int ExitCode, string StandardOutput, string StandardError) RunUnchecked(string directory, params string[] arguments)
    {
        var program = arguments[0] is "mount" or "umount" or "env" ? arguments[0] : "dotnet";
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in program == "dotnet" ? arguments : arguments[1..])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string PackFeed()
    {
        var feed = NewDirectory("feed");
        Run(Repository.Root, "pack", "src/PortableService.Build", "-c", "Release", "-m:1", "-o", feed, $"-p:Version={PackageVersion}");
        return feed;
    }

    /// <summary>
    /// A test CA and a server certificate it signed, for <see cref="DotNetSelfTest.HostName"/>; and the build host's CA
    /// bundle with the test CA added, which the apps put into their images as OpenSSL's default bundle
    /// (<c>/usr/lib/ssl/cert.pem</c>), so that the self-test's TLS handshake succeeds only through the image's trust store.
    /// </summary>
    private static string WriteCertificates()
    {
        const string HostBundle = "/etc/ssl/certs/ca-certificates.crt";
        Assert.True(File.Exists(HostBundle), $"{HostBundle} is missing: install ca-certificates.");
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=PortableService test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={DotNetSelfTest.HostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(DotNetSelfTest.HostName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.Create(ca, now.AddDays(-1), now.AddDays(29), RandomNumberGenerator.GetBytes(16));

        var directory = NewDirectory("tls");
        File.WriteAllText(Path.Join(directory, DotNetSelfTest.CertificateFile), certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(Path.Join(directory, "bundle.pem"), File.ReadAllText(HostBundle) + "\n" + ca.ExportCertificatePem() + "\n");
        return directory;
    }

    private static void InsertWorkerLines(List<string> program)
    {
        program.Insert(program.FindIndex(l => l.StartsWith("var builder = ", StringComparison.Ordinal)) + 1, "builder.Services.AddSystemd();");

        // After the template's using directives, before its first statement.
        program.Insert(program.FindLastIndex(l => l.StartsWith("using ", StringComparison.Ordinal)) + 1, DotNetSelfTest.WorkerLines);
    }

    private static void InsertWebLines(List<string> program) =>
        program.Insert(program.FindIndex(l => l.Trim() == "app.Run();"), DotNetSelfTest.WebLines);
}

/// <summary>How one image of a test app is published: a name for its folder, the profile it is built and attached for, and the <c>dotnet publish</c> arguments.</summary>
public sealed record DotNetTestVariant(string Name, string Profile, params string[] Arguments)
{
    public bool IsJit => !Arguments.Contains("-p:PublishAot=true");

    public override string ToString() => Name;
}

/// <summary>A published image: where it is, the publish folder it was made of, and how long <c>dotnet publish -t:PublishPortableService</c> took.</summary>
public sealed record DotNetTestImage(string Path, DotNetTestVariant Variant, TimeSpan PublishTime, string PublishDirectory)
{
    public long Size => new FileInfo(Path).Length;

    public override string ToString() => $"{Variant.Name}: {System.IO.Path.GetFileName(Path)} {Size / (1024.0 * 1024):0.0} MiB, published in {PublishTime.TotalSeconds:0} s";
}

/// <summary>One app made from a template, published in as many variants as the tests ask for, one publish at a time.</summary>
public sealed class DotNetTestProject(string template, string name, string folder, Action<List<string>> insertSelfTest, string? hostingPackage)
{
    private readonly Lock _gate = new();
    private readonly Lazy<string> _directory = new(() => Create(template, name, folder, insertSelfTest, hostingPackage));
    private readonly ConcurrentDictionary<string, Lazy<DotNetTestImage>> _images = new(StringComparer.Ordinal);

    /// <summary>The image's pname (and the app's name).</summary>
    public string Name { get; } = name;

    public string Directory => _directory.Value;

    /// <summary>The variant's image, published on first use.</summary>
    public DotNetTestImage Image(DotNetTestVariant variant) =>
        _images.GetOrAdd(variant.Name, _ => new Lazy<DotNetTestImage>(() => Publish(variant))).Value;

    /// <summary>Publishes the variant now (again), with the fast lz4 codec and its profile.</summary>
    public DotNetTestImage Publish(DotNetTestVariant variant) => Publish(variant, variant.Name);

    /// <summary>Publishes the variant into bin/<paramref name="folder"/> with more <paramref name="arguments"/>, leaving the variant's own image alone.</summary>
    public DotNetTestImage Publish(DotNetTestVariant variant, string folder, params string[] arguments)
    {
        lock (_gate)
        {
            var output = Path.Join(Directory, "bin", folder);
            var publish = Path.Join(output, "publish");
            var stopwatch = Stopwatch.StartNew();
            DotNetTestApps.Run(Directory, [
                "publish", "-c", "Release", "-t:PublishPortableService", "-p:PortableServiceCompression=lz4",
                $"-p:PortableServiceProfile={variant.Profile}", $"-p:PublishDir={publish}/", .. variant.Arguments, .. arguments]);
            var image = Path.Join(output, "portable", $"{Name}_1.0.0.raw");
            Assert.True(File.Exists(image), $"dotnet publish -t:PublishPortableService wrote no {image}");
            return new DotNetTestImage(image, variant, stopwatch.Elapsed, publish);
        }
    }

    /// <summary>
    /// Publishes the variant twice in a row, with no other variant in between (a RID-specific publish of another variant
    /// restores the project anew, which rightly rebuilds the app); returns both.
    /// </summary>
    public (DotNetTestImage First, DateTime FirstWritten, DotNetTestImage Second, DateTime SecondWritten) PublishTwice(DotNetTestVariant variant)
    {
        lock (_gate)
        {
            var first = Publish(variant);
            var firstWritten = File.GetLastWriteTimeUtc(first.Path);
            var second = Publish(variant);
            return (first, firstWritten, second, File.GetLastWriteTimeUtc(second.Path));
        }
    }

    /// <summary>Publishes the variant with more arguments that must make it fail; returns what MSBuild printed.</summary>
    public string PublishFailing(DotNetTestVariant variant, params string[] arguments)
    {
        lock (_gate)
        {
            var (exitCode, stdout, stderr) = DotNetTestApps.RunUnchecked(Directory, [
                "publish", "-c", "Release", "-t:PublishPortableService", $"-p:PublishDir={Path.Join(Directory, "bin", "failing")}/publish/", .. variant.Arguments, .. arguments]);
            Assert.True(exitCode != 0, $"dotnet publish {string.Join(' ', arguments)} succeeded:\n{stdout}");
            return stdout + stderr;
        }
    }

    /// <summary>Changes a source file of the app (under the publish lock).</summary>
    public void Edit(string file, string appended)
    {
        lock (_gate)
        {
            File.AppendAllText(Path.Join(Directory, file), appended);
        }
    }

    private static string Create(string template, string name, string folder, Action<List<string>> insertSelfTest, string? hostingPackage)
    {
        var directory = DotNetTestApps.NewDirectory(folder);
        DotNetTestApps.Run(directory, "new", template, "-n", name, "-o", ".", "--no-restore");
        var program = File.ReadAllLines(Path.Join(directory, "Program.cs")).ToList();
        insertSelfTest(program);
        File.WriteAllLines(Path.Join(directory, "Program.cs"), program);
        File.WriteAllText(Path.Join(directory, "SelfTest.cs"), DotNetSelfTest.Source);
        File.Copy(Path.Join(DotNetTestApps.Certificates, DotNetSelfTest.CertificateFile), Path.Join(directory, DotNetSelfTest.CertificateFile));

        // The server certificate beside the app; the trust store with the test CA as the image's OpenSSL bundle.
        var project = Path.Join(directory, name + ".csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", $"""
              <ItemGroup>
                <None Include="{DotNetSelfTest.CertificateFile}" CopyToPublishDirectory="PreserveNewest" />
                <PortableServiceContent Include="{Path.Join(DotNetTestApps.Certificates, "bundle.pem")}" ImagePath="/usr/lib/ssl/cert.pem" />
                <PortableServiceContent Include="$(TestDevice)" ImagePath="/opt/device" AllowDevices="$(TestAllowDevices)" Condition="'$(TestDevice)' != ''" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));
        File.WriteAllText(Path.Join(directory, "nuget.config"), $"""<configuration><packageSources><add key="portable-service" value="{DotNetTestApps.Feed}" /></packageSources></configuration>""");
        DotNetTestApps.Run(directory, "add", "package", "PortableService.Build", "--version", DotNetTestApps.PackageVersion);
        if (hostingPackage is not null)
        {
            // In the version of the template's Microsoft.Extensions.Hosting (the one in the local package cache).
            var hosting = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(project), "\"Microsoft.Extensions.Hosting\" Version=\"([^\"]+)\"").Groups[1].Value;
            DotNetTestApps.Run(directory, ["add", "package", hostingPackage, .. hosting.Length > 0 ? new[] { "--version", hosting } : []]);
        }

        return directory;
    }
}
