using System.Runtime.Versioning;
using PortableService.Spec;

namespace PortableService.Tests.Systemd;

/// <summary>
/// Our builder's counterparts of the images systemd's TEST-29-PORTABLE attaches (mkosi's minimal_0/minimal_1 and
/// util.sh's app0, app1): two plain images with different units that are also the base of two extensions whose
/// scripts write to their <c>StateDirectory=</c> under <c>DynamicUser=</c>.
/// </summary>
[SupportedOSPlatform("linux")]
public static class Test29Images
{
    /// <summary>What app0's and app1's scripts write to <c>$STATE_DIRECTORY/foo</c>, as in systemd's test.</summary>
    public const string App0State = "bar";
    public const string App1State = "baz";

    /// <summary>
    /// minimal_VERSION: minimal-app0.service and minimal-app0-OTHER.service (long-running), bash and cat for the
    /// extensions, and /var/lib/app1, the mount point app1's StateDirectory= needs (mkosi's minimal images make it too).
    /// PORTABLE_PREFIXES names minimal-app0 as well, as systemd's image does, so that the test's match is accepted.
    /// </summary>
    public static PortableServiceSpec Minimal(string sourceDirectory, string version, string otherUnit) =>
        new("minimal", version,
        [
            UnitSource.Inline("minimal-app0.service", MinimalService),
            UnitSource.Inline($"minimal-app0-{otherUnit}.service", MinimalService),
        ])
        {
            Contents =
            [
                new ContentSpec("/usr/bin/bash"),
                new ContentSpec("/usr/bin/cat"),
                new ContentSpec(Directory.CreateDirectory(Path.Join(sourceDirectory, "empty")).FullName, "/var/lib/app1"),
            ],
            OsRelease = new Dictionary<string, string> { ["PORTABLE_PREFIXES"] = "minimal minimal-app0" },
            SquashCompression = "zstd",
        };

    /// <summary>app0 1.0, an extension of <paramref name="baseImage"/>: its /var/lib is a tmpfs, so the base needs no mount point for it.</summary>
    public static PortableServiceSpec App0(string sourceDirectory, string baseImage) =>
        App(sourceDirectory, baseImage, "app0", "1.0", "TemporaryFileSystem=/var/lib /home", App0State);

    /// <summary>app1 1, an extension of <paramref name="baseImage"/>: its state directory is mounted on the base's /var/lib/app1.</summary>
    public static PortableServiceSpec App1(string sourceDirectory, string baseImage) =>
        App(sourceDirectory, baseImage, "app1", "1", "TemporaryFileSystem=/home", App1State);

    private const string MinimalService = """
        [Service]
        ExecStartPre=/usr/bin/cat /etc/os-release
        ExecStart=/usr/bin/sleep infinity

        """;

    private static PortableServiceSpec App(string sourceDirectory, string baseImage, string name, string version, string temporaryFileSystem, string state)
    {
        Directory.CreateDirectory(sourceDirectory);
        var script = Path.Join(sourceDirectory, $"{name}.sh");
        File.WriteAllText(script, $"""
            #!/usr/bin/bash
            set -e
            echo {state} >"$STATE_DIRECTORY/foo"
            cat /usr/lib/extension-release.d/extension-release.{name}

            """);
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        var unit = $"""
            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecStart=/opt/{name}.sh
            {temporaryFileSystem}
            StateDirectory={name}
            RuntimeDirectory={name}

            """;
        return new PortableServiceSpec(name, version, [UnitSource.Inline($"{name}.service", unit)])
        {
            Type = "extension",
            Base = baseImage,
            Contents = [new ContentSpec(script, $"/opt/{name}.sh")],
            SquashCompression = "zstd",
        };
    }
}
