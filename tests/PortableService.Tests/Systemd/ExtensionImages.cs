using System.Runtime.Versioning;
using PortableService.Building;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;

namespace PortableService.Tests.Systemd;

/// <summary>
/// The layered images the extension tests attach, each built by our builder: a base image without units (host bash,
/// cat and their libraries), the app extension in two versions (its unit runs a bash script of the extension, bash
/// from the base, and the extension's own /usr/bin/tr, whose libc the base provides), a confext with an /etc file,
/// and a plain service for the versioned <c>.v/</c> directory.
/// </summary>
[SupportedOSPlatform("linux")]
public static class ExtensionImages
{
    public const string BaseName = "base_1";
    public const string AppScript = "/usr/lib/app/run.sh";
    public const string ConfFile = "/etc/app/app.conf";
    public const string ConfLine = "greeting from the confext";

    /// <summary>The line app VERSION logs: its script's echo, upper-cased by the extension's tr.</summary>
    public static string AppLine(string version) => $"APP {version} RUNNING ON BASH ";

    public static PortableServiceSpec BaseSpec() =>
        new("base", "1", [])
        {
            Description = "A shared runtime: bash and cat",
            Contents = [new ContentSpec("/usr/bin/bash"), new ContentSpec("/usr/bin/cat")],
            SquashCompression = "zstd",
        };

    /// <summary>app VERSION, an extension of <paramref name="baseImage"/>.</summary>
    public static PortableServiceSpec AppSpec(string sourceDirectory, string version, string baseImage) =>
        new("app", version, [UnitSource.Inline("app.service", AppService)])
        {
            Type = "extension",
            Base = baseImage,
            Contents = [new ContentSpec(WriteScript(sourceDirectory, version), AppScript), new ContentSpec("/usr/bin/tr")],
            SquashCompression = "zstd",
        };

    public const string GreetLine = "greet from the second extension";

    /// <summary>greet, a second extension of <paramref name="baseImage"/>: a unit that runs the base's bash alone.</summary>
    public static PortableServiceSpec GreetSpec(string baseImage) =>
        new("greet", "1", [UnitSource.Inline("greet.service", $"[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/bin/bash -c 'echo {GreetLine}'\n")])
        {
            Type = "extension",
            Base = baseImage,
            SquashCompression = "zstd",
        };

    /// <summary>conf, a configuration extension holding <see cref="ConfFile"/>.</summary>
    public static PortableServiceSpec ConfSpec(string sourceDirectory, string baseImage)
    {
        Directory.CreateDirectory(sourceDirectory);
        var file = Path.Join(sourceDirectory, "app.conf");
        File.WriteAllText(file, ConfLine + "\n");
        return new PortableServiceSpec("conf", "1", [])
        {
            Type = "confext",
            Base = baseImage,
            Contents = [new ContentSpec(file, ConfFile)],
            SquashCompression = "zstd",
        };
    }

    /// <summary>A plain service whose one line says its version, for <c>vapp.v/</c>.</summary>
    public static PortableServiceSpec VersionedSpec(string version) =>
        new("vapp", version, [UnitSource.Inline("vapp.service", $"[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/bin/echo vapp {version}\n")])
        {
            Versioned = true,
            SquashCompression = "zstd",
        };

    public const string AppService = $"""
        [Unit]
        Description=An app from a portable extension

        [Service]
        Type=oneshot
        RemainAfterExit=yes
        ExecStart={AppScript}

        """;

    public static BuiltImage Build(PortableServiceSpec spec, string outputDirectory) => BuiltImages.Build(spec, outputDirectory);

    private static string WriteScript(string directory, string version)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Join(directory, $"run-{version}.sh");
        File.WriteAllText(path, $"""
            #!/usr/bin/bash
            echo "app {version} running on bash $BASH_VERSION" | /usr/bin/tr a-z A-Z
            if [ -r {ConfFile} ]; then /usr/bin/cat {ConfFile}; fi

            """);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }
}
