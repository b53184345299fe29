using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Planning;
using PortableService.Spec;

namespace PortableService.DotNet;

/// <summary>Finds the .NET apps among planned contents and works out what their runtime needs in the image (<see cref="DotNetRuntimeNeeds"/>).</summary>
internal static class DotNetRuntimePlanner
{
    private const string TraceProvider = "libcoreclrtraceptprovider.so";
    private static readonly string[] s_symbols = ["*.dbg", "*.pdb"];

    /// <exception cref="DiagnosticException">A framework or ICU that an app needs is not on the build host.</exception>
    public static DotNetRuntimeNeeds Plan(IReadOnlyList<PlannedEntry> entries, DotNetOptions options, ClosureOptions closure)
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
                AddFrameworks(app, options, result, roots, notes, errors, leftOut, reason);
            }

            AddNativeLibraries(app, options, closure, roots, notes, errors, reason);
            roots.AddRange(CertificateStore.HostPaths().Select(p => new ClosureRoot(p, $"{reason}: trusted root certificates")));
        }

        if (errors.Count > 0)
        {
            throw new DiagnosticException(errors);
        }

        return new DotNetRuntimeNeeds(apps, [.. result.DistinctBy(e => e.ImagePath).OrderBy(e => e.ImagePath, StringComparer.Ordinal)], roots.DistinctBy(r => r.HostPath).ToList(), notes.Distinct().ToList());
    }

    /// <summary>The shared frameworks the app asks for, and those they build on, as contents; the host as roots.</summary>
    private static void AddFrameworks(DotNetApp app, DotNetOptions options, List<PlannedEntry> entries, List<ClosureRoot> roots, List<Diagnostic> notes, List<Diagnostic> errors, string[] leftOut, string reason)
    {
        var install = options.DotNetRoot is { } root ? DotNetInstall.FromRoot(root) : DotNetInstall.Locate();
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
                errors.Add(DotNetMessages.FrameworkNotFound(app, framework, install, installed));
                continue;
            }

            var directory = install.FrameworkDirectory(framework.Name, version);
            if (!entries.Any(e => e.ImagePath == directory || ImagePath.IsUnder(directory, e.ImagePath) || ImagePath.IsUnder(e.ImagePath, directory)))
            {
                entries.Add(new PlannedEntry(directory, PlannedEntryKind.Content, $"{reason}: shared framework {framework.Name} {framework.Version} rolled forward to {version}")
                {
                    HostPath = directory,
                    Exclusion = new ContentExclusion(leftOut),
                });
                NoteTraceProvider(directory, directory, ContentExclusion.None, notes);
            }

            // A framework builds on others (ASP.NET Core on Microsoft.NETCore.App), as its own runtimeconfig says.
            var config = Path.Join(directory, framework.Name + ".runtimeconfig.json");
            if (File.Exists(config))
            {
                foreach (var dependency in RuntimeConfig.Parse(File.ReadAllBytes(config)).Frameworks)
                {
                    pending.Enqueue(dependency);
                }
            }
        }

        if (install is not null)
        {
            roots.Add(new ClosureRoot(install.Muxer, $"{reason}: the dotnet host"));
            if (install.HostFxr() is { } fxr)
            {
                roots.Add(new ClosureRoot(fxr, $"{reason}: the host resolver the apphost loads"));
            }
        }
    }

    /// <summary>What the runtime opens by name: ICU (unless invariant), OpenSSL 3, and GSSAPI when the host has it.</summary>
    private static void AddNativeLibraries(DotNetApp app, DotNetOptions options, ClosureOptions closure, List<ClosureRoot> roots, List<Diagnostic> notes, List<Diagnostic> errors, string reason)
    {
        var libraries = new HostLibraries(closure.ExtraLibraryDirectories);
        if (app.NeedsIcu && !options.InvariantGlobalization)
        {
            if (libraries.FindIcu() is { } icu)
            {
                roots.Add(new ClosureRoot(icu.Common, $"{reason}: ICU, loaded by the runtime with dlopen"));
                roots.Add(new ClosureRoot(icu.I18n, $"{reason}: ICU, loaded by the runtime with dlopen"));
            }
            else
            {
                errors.Add(DotNetMessages.IcuNotFound(app));
            }
        }

        if (libraries.Find("libssl.so.3") is { } ssl && libraries.Find("libcrypto.so.3") is { } crypto)
        {
            roots.Add(new ClosureRoot(ssl, $"{reason}: OpenSSL, loaded by the runtime with dlopen"));
            roots.Add(new ClosureRoot(crypto, $"{reason}: OpenSSL, loaded by the runtime with dlopen"));
        }
        else
        {
            notes.Add(DotNetMessages.OpenSslNotFound(app));
        }

        if (libraries.Find("libgssapi_krb5.so.2") is { } gssapi)
        {
            roots.Add(new ClosureRoot(gssapi, $"{reason}: GSSAPI (Negotiate authentication), loaded by the runtime with dlopen when used"));
        }
    }

    private static void NoteTraceProvider(string hostDirectory, string imageDirectory, ContentExclusion exclusion, List<Diagnostic> notes)
    {
        if (File.Exists(Path.Join(hostDirectory, TraceProvider)) && !exclusion.IsExcluded(TraceProvider))
        {
            notes.Add(DotNetMessages.TraceProviderLeftOut(UnixPath.Join(imageDirectory, TraceProvider)));
        }
    }
}
