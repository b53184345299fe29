using System.Text;
using PortableService.Building;
using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.DotNet;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Tests.TestSupport;
using Squashfs;

namespace PortableService.Tests.Building;

/// <summary>
/// A .NET install as a content makes a runtime base image; a framework-dependent app built as an extension over it
/// takes its shared frameworks and host from the base and carries only itself. The install here is a small one made by
/// the test (the muxer and the app are host programs, the frameworks a few files), so the rules are seen exactly.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PortableImageBuilderBuildDotNetRuntimeBaseTests : IDisposable
{
    // ICU is the host's business (the systemd tests take it); here the runtime is invariant, so nothing depends on it.
    private static readonly BuildOptions Options = new()
    {
        SourceDateEpoch = 0,
        HostIdentity = new OsReleaseIdentity("debian", "Debian GNU/Linux 12 (bookworm)", "12"),
        DotNet = new DotNetOptions { InvariantGlobalization = true },
    };

    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("squashfs")]
    [InlineData("directory")]
    public void AppExtensionOverTheRuntimeBase_TakesFrameworksAndHostFromTheBase_AndCarriesOnlyTheApp(string baseFormat)
    {
        var runtimeBase = BuildRuntimeBase(baseFormat);
        var app = PortableImageBuilder.Build(AppExtension(runtimeBase.Path, "Microsoft.AspNetCore.App", "10.0.0"), _work.CreateDirectory("app"), Options);

        using var reader = SquashfsReader.Open(app.Path);
        Assert.Equal(
            ["/opt", "/opt/app", "/opt/app/app", "/opt/app/app.dll", "/opt/app/app.runtimeconfig.json", "/usr", "/usr/lib", "/usr/lib/extension-release.d", "/usr/lib/extension-release.d/extension-release.app", "/usr/lib/systemd", "/usr/lib/systemd/system", "/usr/lib/systemd/system/app.service"],
            reader.Walk().Select(e => e.Path).Where(p => p != "/").Order(StringComparer.Ordinal));
        Assert.Equal(0, app.ClosureItems);
        Assert.DoesNotContain(app.Warnings, w => w.Code == ClosureMessages.LeftToBaseCode);
    }

    [Fact]
    public void RuntimeBase_HoldsTheRuntimeWithoutTheSdk_AndNamesItInInstallLocation()
    {
        var runtimeBase = BuildRuntimeBase("squashfs");

        using var reader = SquashfsReader.Open(runtimeBase.Path);
        var paths = reader.Walk().Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/opt/dotnet/dotnet", paths);
        Assert.Contains("/opt/dotnet/host/fxr/10.0.5/libhostfxr.so", paths);
        Assert.Contains("/opt/dotnet/shared/Microsoft.NETCore.App/10.0.5/System.Private.CoreLib.dll", paths);
        Assert.Contains("/opt/dotnet/shared/Microsoft.AspNetCore.App/10.0.5/Microsoft.AspNetCore.dll", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/opt/dotnet/sdk", StringComparison.Ordinal) || p.StartsWith("/opt/dotnet/packs", StringComparison.Ordinal));
        Assert.DoesNotContain("/opt/dotnet/shared/Microsoft.NETCore.App/10.0.5/libcoreclrtraceptprovider.so", paths);
        Assert.Equal("/opt/dotnet\n", Encoding.UTF8.GetString(reader.ReadAllBytes(reader.Find(DotNetInstall.InstallLocationFile)!)));

        var sdk = Assert.Single(runtimeBase.Warnings, w => w.Code == DotNetMessages.SdkLeftOutCode);
        Assert.Contains("(sdk, packs)", sdk.Message);
        Assert.Contains(runtimeBase.Warnings, w => w.Code == DotNetMessages.TraceProviderLeftOutCode);
    }

    /// <summary>
    /// The host's CA store goes in whole: on Debian /etc/ssl/certs is links into /usr/share/ca-certificates, which come
    /// in with it, so that every link resolves in the image and no PS2022 warns of one that dangles.
    /// </summary>
    [Fact]
    public void RuntimeBase_CarriesTheCaStore_EveryLinkResolvingInTheImage()
    {
        Assert.True(Directory.Exists("/etc/ssl/certs"), "/etc/ssl/certs is missing: install ca-certificates.");
        var runtimeBase = BuildRuntimeBase("squashfs");

        Assert.DoesNotContain(runtimeBase.Warnings, w => w.Code == ClosureMessages.ContentLinkDanglesCode);
        using var reader = SquashfsReader.Open(runtimeBase.Path);
        var links = reader.Walk().Where(e => e.Path.StartsWith("/etc/ssl/certs/", StringComparison.Ordinal) && e.SymlinkTarget is not null).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link =>
        {
            var target = link.SymlinkTarget!;
            for (var hops = 0; hops < 8 && reader.Find(Resolve(link.Path, target)) is { SymlinkTarget: { } next } entry; hops++)
            {
                (link, target) = (entry, next);
            }

            Assert.True(reader.Find(Resolve(link.Path, target)) is { SymlinkTarget: null }, $"{link.Path} -> {target} does not resolve in the image");
        });

        static string Resolve(string link, string target) =>
            Path.GetFullPath(target.StartsWith('/') ? target : Path.Join(Path.GetDirectoryName(link), target));
    }

    [Fact]
    public void AppExtension_NeedingAFrameworkTheBaseLacks_IsPS2203NamingWhatTheBaseHas()
    {
        var runtimeBase = BuildRuntimeBase("squashfs");

        var error = Assert.Throws<DiagnosticException>(() => PortableImageBuilder.Build(AppExtension(runtimeBase.Path, "Microsoft.NETCore.App", "11.0.0"), _work.CreateDirectory("app"), Options));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DotNetMessages.FrameworkNotInBaseCode, diagnostic.Code);
        Assert.Contains($"needs Microsoft.NETCore.App 11.0.0 (rollForward Minor), which the runtime /opt/dotnet of the base image {runtimeBase.Path} does not provide (it has 10.0.5)", diagnostic.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(_work.Path, "app")));
    }

    [Fact]
    public void AppExtension_OverABaseWithoutARuntime_IsPS2203()
    {
        var plain = PortableImageBuilder.Build(new PortableServiceSpec("base", "1", []) { Contents = [new ContentSpec("/usr/bin/true")], SquashCompression = "lz4" }, _work.CreateDirectory("base"), Options);

        var error = Assert.Throws<DiagnosticException>(() => PortableImageBuilder.Build(AppExtension(plain.Path, "Microsoft.NETCore.App", "10.0.0"), _work.CreateDirectory("app"), Options));

        var diagnostic = Assert.Single(error.Diagnostics, d => d.Code == DotNetMessages.FrameworkNotInBaseCode);
        Assert.Contains($"the base image {plain.Path} holds no .NET runtime", diagnostic.Message);
    }

    /// <summary>
    /// An install at work/dotnet: the muxer and hostfxr, Microsoft.NETCore.App and Microsoft.AspNetCore.App 10.0.5 (the
    /// second building on the first, as its runtimeconfig says), and an SDK's folders; as the base <c>dotnet_10</c>,
    /// placed at /opt/dotnet.
    /// </summary>
    private BuiltImage BuildRuntimeBase(string format)
    {
        var root = _work.CreateDirectory("dotnet");
        File.Copy("/usr/bin/true", Path.Join(root, "dotnet"), overwrite: true);
        _work.Write("dotnet/host/fxr/10.0.5/libhostfxr.so", "hostfxr");
        _work.Write("dotnet/shared/Microsoft.NETCore.App/10.0.5/System.Private.CoreLib.dll", "corelib");
        _work.Write("dotnet/shared/Microsoft.NETCore.App/10.0.5/libcoreclrtraceptprovider.so", "lttng");
        _work.Write("dotnet/shared/Microsoft.AspNetCore.App/10.0.5/Microsoft.AspNetCore.dll", "aspnetcore");
        _work.Write("dotnet/shared/Microsoft.AspNetCore.App/10.0.5/Microsoft.AspNetCore.App.runtimeconfig.json",
            """{ "runtimeOptions": { "framework": { "name": "Microsoft.NETCore.App", "version": "10.0.5" } } }""");
        _work.Write("dotnet/sdk/10.0.100/dotnet.dll", "sdk");
        _work.Write("dotnet/packs/Microsoft.NETCore.App.Ref/10.0.5/ref.dll", "pack");
        var spec = new PortableServiceSpec("dotnet", "10", [])
        {
            Contents = [new ContentSpec(root, "/opt/dotnet")],
            SquashCompression = "lz4",
            Format = format,
        };
        return PortableImageBuilder.Build(spec, _work.CreateDirectory("base"), Options);
    }

    /// <summary>The framework-dependent app <c>app</c> (an apphost that is a host program) asking for <paramref name="framework"/>, as an extension of <paramref name="baseImage"/>.</summary>
    private PortableServiceSpec AppExtension(string baseImage, string framework, string version)
    {
        var publish = _work.CreateDirectory("publish");
        File.Copy("/usr/bin/true", Path.Join(publish, "app"), overwrite: true);
        _work.Write("publish/app.dll", "app");
        _work.Write("publish/app.runtimeconfig.json", $$"""{ "runtimeOptions": { "framework": { "name": "{{framework}}", "version": "{{version}}" } } }""");
        return new PortableServiceSpec("app", "1.0", [UnitSource.Inline("app.service", "[Service]\nExecStart=/opt/app/app\n")])
        {
            Type = "extension",
            Base = baseImage,
            Contents = [new ContentSpec(publish, "/opt/app")],
            SquashCompression = "lz4",
        };
    }
}
