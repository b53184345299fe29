using System.Text;
using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Layers;
using PortableService.Planning;
using PortableService.Spec;

namespace PortableService.DotNet;

/// <summary>
/// Finds the .NET apps and .NET runtimes among planned contents and works out what they need in the image
/// (<see cref="DotNetRuntimeNeeds"/>). Over a base image, the shared frameworks and the host come from the base.
/// </summary>
internal static class DotNetRuntimePlanner
{
    private const string TraceProvider = "libcoreclrtraceptprovider.so";
    private const string NetCoreApp = "Microsoft.NETCore.App";
    private static readonly string[] s_symbols = ["*.dbg", "*.pdb"];

    /// <summary>What an SDK install holds besides the runtime (the muxer, <c>host/</c> and <c>shared/</c>): building, not running.</summary>
    private static readonly string[] s_sdkParts = ["sdk", "sdk-manifests", "packs", "templates", "library-packs", "metadata", "dnx"];

    /// <param name="entries">The planned entries.</param>
    /// <param name="type">The image's type: a runtime in a portable image says where it is in <c>/etc/dotnet/install_location</c>.</param>
    /// <param name="options">How .NET apps are completed.</param>
    /// <param name="closure">The closure's options (extra library directories).</param>
    /// <param name="baseImage">The base image of an extension, which provides the shared frameworks.</param>
    /// <exception cref="DiagnosticException">A framework or ICU that an app needs is not on the build host, or not in the base image.</exception>
    public static DotNetRuntimeNeeds Plan(IReadOnlyList<PlannedEntry> entries, ImageType type, DotNetOptions options, ClosureOptions closure, BaseImage? baseImage)
    {
        var result = new List<PlannedEntry>(entries);
        var apps = new List<DotNetApp>();
        var roots = new List<ClosureRoot>();
        var notes = new List<Diagnostic>();
        var errors = new List<Diagnostic>();
        string[] leftOut = options.IncludeDebugSymbols ? [TraceProvider] : [TraceProvider, .. s_symbols];
        for (var i = 0; i < result.Count; i++)
        {
            var entry = result[i];
            if (entry.Kind != PlannedEntryKind.Content || !Directory.Exists(entry.HostPath) || DotNetInstall.InDirectory(entry.HostPath!) is not { } runtime)
            {
                continue;
            }

            var reason = $"{entry.Reason}: the .NET runtime {entry.HostPath}";
            result[i] = entry with { Exclusion = entry.Exclusion.With([.. leftOut, .. s_sdkParts.Select(p => "/" + p)]) };
            var sdkParts = s_sdkParts.Where(p => Path.Exists(Path.Join(entry.HostPath, p)) && !entry.Exclusion.IsExcluded(p)).ToList();
            if (sdkParts.Count > 0)
            {
                notes.Add(DotNetMessages.SdkLeftOut(entry.ImagePath, sdkParts));
            }

            foreach (var version in runtime.Versions(NetCoreApp))
            {
                var directory = runtime.FrameworkDirectory(NetCoreApp, version);
                NoteTraceProvider(directory, entry.ImagePath + directory[runtime.Root.Length..], entry.Exclusion, notes);
            }

            if (type == ImageType.Portable && !Provides(result, DotNetInstall.InstallLocationFile))
            {
                // An apphost without DOTNET_ROOT finds the runtime through this file: the base's apps need nothing else.
                result.Add(new PlannedEntry(DotNetInstall.InstallLocationFile, PlannedEntryKind.File, $"{reason}: where apphosts find it")
                {
                    Bytes = Encoding.UTF8.GetBytes(entry.ImagePath + "\n"),
                });
            }

            AddNativeLibraries($"The .NET runtime {entry.HostPath}", entry.HostPath!, !options.InvariantGlobalization, closure, roots, notes, errors, reason);
            roots.AddRange(CertificateStore.Roots(reason));
        }

        for (var i = 0; i < result.Count; i++)
        {
            var entry = result[i];
            if (entry.Kind != PlannedEntryKind.Content || DotNetAppDetector.Detect(entry.HostPath!, entry.Exclusion.IsExcluded) is not { } app)
            {
                continue;
            }

            apps.Add(app);
            var reason = $"{entry.Reason}: the .NET app {app.Name}";
            if (Directory.Exists(entry.HostPath))
            {
                result[i] = entry with { Exclusion = entry.Exclusion.With(leftOut) };
                NoteTraceProvider(entry.HostPath!, entry.ImagePath, entry.Exclusion, notes);
            }

            if (app.Kind == DotNetAppKind.FrameworkDependent)
            {
                AddFrameworks(app, options, baseImage, result, roots, notes, errors, leftOut, reason);
            }

            AddNativeLibraries(app.Name, app.HostDirectory, app.NeedsIcu && !options.InvariantGlobalization, closure, roots, notes, errors, reason);
            roots.AddRange(CertificateStore.Roots(reason));
        }

        if (errors.Count > 0)
        {
            throw new DiagnosticException(errors);
        }

        return new DotNetRuntimeNeeds(apps, [.. result.DistinctBy(e => e.ImagePath).OrderBy(e => e.ImagePath, StringComparer.Ordinal)], roots.DistinctBy(r => r.HostPath).ToList(), notes.Distinct().ToList());
    }

    /// <summary>
    /// The shared frameworks the app asks for, and those they build on, rolled forward as the host does: as contents
    /// and the host as roots, or, over a base image, from the base (nothing copied; an error for what it lacks).
    /// </summary>
    private static void AddFrameworks(DotNetApp app, DotNetOptions options, BaseImage? baseImage, List<PlannedEntry> entries, List<ClosureRoot> roots, List<Diagnostic> notes, List<Diagnostic> errors, string[] leftOut, string reason)
    {
        var install = baseImage is not null ? DotNetInstall.InImage(baseImage.Tree)
            : options.DotNetRoot is { } root ? DotNetInstall.FromRoot(root)
            : DotNetInstall.Locate();
        var pending = new Queue<FrameworkReference>(app.RuntimeConfig.Frameworks);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var framework))
        {
            if (!seen.Add(framework.Name))
            {
                continue;
            }

            var installed = install?.Versions(framework.Name) ?? [];
            var requested = FrameworkVersion.TryParse(framework.Version);
            var version = requested is null ? null : FrameworkResolver.Resolve(requested, framework.RollForward, installed);
            if (install is null || version is null)
            {
                errors.Add(baseImage is null ? DotNetMessages.FrameworkNotFound(app, framework, install, installed) : DotNetMessages.FrameworkNotInBase(app, framework, baseImage.Path, install, installed));
                continue;
            }

            var directory = install.FrameworkDirectory(framework.Name, version);
            if (baseImage is null && !Provides(entries, directory))
            {
                entries.Add(new PlannedEntry(directory, PlannedEntryKind.Content, $"{reason}: shared framework {framework.Name} {framework.Version} rolled forward to {version}")
                {
                    HostPath = directory,
                    Exclusion = new ContentExclusion(leftOut),
                });
                NoteTraceProvider(directory, directory, ContentExclusion.None, notes);
            }

            foreach (var dependency in install.Dependencies(framework.Name, version))
            {
                pending.Enqueue(dependency);
            }
        }

        if (install is null)
        {
            return;
        }

        if (baseImage is not null)
        {
            if (!install.HasMuxer || install.HostFxr() is null)
            {
                errors.Add(DotNetMessages.HostNotInBase(app, baseImage.Path, install));
            }

            return;
        }

        roots.Add(new ClosureRoot(install.Muxer, $"{reason}: the dotnet host"));
        if (install.HostFxr() is { } fxr)
        {
            roots.Add(new ClosureRoot(fxr, $"{reason}: the host resolver the apphost loads"));
        }
    }

    /// <summary>What the runtime opens by name: ICU (unless invariant), OpenSSL 3, and GSSAPI when the host has it.</summary>
    /// <param name="user">The app or runtime, for messages.</param>
    /// <param name="location">Its host directory, for messages.</param>
    /// <param name="needsIcu">Whether ICU goes in.</param>
    private static void AddNativeLibraries(string user, string location, bool needsIcu, ClosureOptions closure, List<ClosureRoot> roots, List<Diagnostic> notes, List<Diagnostic> errors, string reason)
    {
        var libraries = new HostLibraries(closure.ExtraLibraryDirectories);
        if (needsIcu)
        {
            if (libraries.FindIcu() is { } icu)
            {
                roots.Add(new ClosureRoot(icu.Common, $"{reason}: ICU, loaded by the runtime with dlopen"));
                roots.Add(new ClosureRoot(icu.I18n, $"{reason}: ICU, loaded by the runtime with dlopen"));
            }
            else
            {
                errors.Add(DotNetMessages.IcuNotFound(user, location));
            }
        }

        if (libraries.Find("libssl.so.3") is { } ssl && libraries.Find("libcrypto.so.3") is { } crypto)
        {
            roots.Add(new ClosureRoot(ssl, $"{reason}: OpenSSL, loaded by the runtime with dlopen"));
            roots.Add(new ClosureRoot(crypto, $"{reason}: OpenSSL, loaded by the runtime with dlopen"));
        }
        else
        {
            notes.Add(DotNetMessages.OpenSslNotFound(user, location));
        }

        if (libraries.Find("libgssapi_krb5.so.2") is { } gssapi)
        {
            roots.Add(new ClosureRoot(gssapi, $"{reason}: GSSAPI (Negotiate authentication), loaded by the runtime with dlopen when used"));
        }
    }

    /// <summary>Whether a planned entry is at <paramref name="path"/>, below it, or (other than a directory) above it.</summary>
    private static bool Provides(List<PlannedEntry> entries, string path) =>
        entries.Any(e => e.ImagePath == path || ImagePath.IsUnder(e.ImagePath, path) || (e.Kind != PlannedEntryKind.Directory && ImagePath.IsUnder(path, e.ImagePath)));

    private static void NoteTraceProvider(string hostDirectory, string imageDirectory, ContentExclusion exclusion, List<Diagnostic> notes)
    {
        if (File.Exists(Path.Join(hostDirectory, TraceProvider)) && !exclusion.IsExcluded(TraceProvider))
        {
            notes.Add(DotNetMessages.TraceProviderLeftOut(UnixPath.Join(imageDirectory, TraceProvider)));
        }
    }
}
