using System.Runtime.Versioning;

namespace PortableService.Tests.Systemd;

/// <summary>
/// Store paths built offline with Debian's nix-bin (.ci/install-nix.sh: single-user, no sandbox, no substituters):
/// plain <c>derivation</c>s whose builder is the host's /bin/sh, so nothing is downloaded.
/// </summary>
[SupportedOSPlatform("linux")]
public static class NixStorePaths
{
    public const string InstallScriptRelativePath = ".ci/install-nix.sh";

    public const string InstallHint =
        "Run `sudo .ci/install-nix.sh` (Debian's nix-bin set up for offline single-user use) and run the tests as root.";

    /// <summary>
    /// A Nix expression whose attributes are the given bindings, each written <c>name = mk "store-name" "shell script";</c>:
    /// <c>mk</c> makes a plain derivation built by the host's /bin/sh with the host's PATH, where $out is the output.
    /// </summary>
    public static string Derivations(string bindings) => $$"""
        let
          mk = name: script: derivation {
            inherit name;
            system = builtins.currentSystem;
            builder = "/bin/sh";
            args = [ "-c" script ];
            PATH = "/usr/bin:/bin";
          };
        in rec {
        {{bindings}}
        }
        """;

    private static readonly Lazy<string> s_nixBuild = new(FindOrInstallNixBuild, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Builds the attributes of a Nix expression (<c>nix-build --no-out-link FILE -A a -A b ...</c>) and returns
    /// the store path of each, in order. Installs Nix with .ci/install-nix.sh first when nix-build is missing.
    /// </summary>
    public static IReadOnlyList<string> Build(string expression, params string[] attributes)
    {
        var nixBuild = s_nixBuild.Value;
        var work = Directory.CreateTempSubdirectory("portable-service-nix-");
        try
        {
            var file = Path.Join(work.FullName, "default.nix");
            File.WriteAllText(file, expression);
            var result = ProcessRunner.Run(
                [nixBuild, "--no-out-link", file, .. attributes.SelectMany(a => new[] { "-A", a })],
                TimeSpan.FromMinutes(5));
            if (!result.Succeeded)
            {
                throw new SystemdTestPrerequisiteException($"nix-build failed. {InstallHint}{Environment.NewLine}{result}");
            }

            var paths = result.OutputLines.Select(l => l.Trim()).Where(l => l.StartsWith('/')).ToList();
            return paths.Count == attributes.Length
                ? paths
                : throw new InvalidOperationException($"nix-build printed {paths.Count} store paths for {attributes.Length} attributes.{Environment.NewLine}{result}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>What Nix says the closure of <paramref name="storePaths"/> is (nix-store --query --requisites), sorted.</summary>
    public static IReadOnlyList<string> Requisites(params string[] storePaths)
    {
        var nixStore = Path.Join(Path.GetDirectoryName(s_nixBuild.Value)!, "nix-store");
        return ProcessRunner.Run([nixStore, "--query", "--requisites", .. storePaths], TimeSpan.FromMinutes(1))
            .EnsureSuccess().OutputLines.Select(l => l.Trim()).Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToList();
    }

    private static string FindOrInstallNixBuild()
    {
        if (TryFind() is { } found)
        {
            return found;
        }

        SystemdTestPrerequisites.RequireRootOnLinux();
        var script = RootfsCache.FindScript().Replace(RootfsCache.ScriptRelativePath, InstallScriptRelativePath, StringComparison.Ordinal);
        if (!File.Exists(script))
        {
            throw new SystemdTestPrerequisiteException($"nix-build is missing and {script} is not there. {InstallHint}");
        }

        var result = ProcessRunner.Run(["/bin/bash", script], TimeSpan.FromMinutes(10));
        return result.Succeeded && TryFind() is { } installed
            ? installed
            : throw new SystemdTestPrerequisiteException($"nix-build is missing and {script} did not install it. {InstallHint}{Environment.NewLine}{result}");
    }

    private static string? TryFind()
    {
        try
        {
            return SystemdTestPrerequisites.RequireTool("nix-build");
        }
        catch (SystemdTestPrerequisiteException)
        {
            return null;
        }
    }
}
