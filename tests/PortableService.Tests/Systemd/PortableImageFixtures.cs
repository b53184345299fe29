using System.Runtime.Versioning;
using PortableService.Systemd;

namespace PortableService.Tests.Systemd;

/// <summary>
/// A portable service image made by hand (tree + Debian's mksquashfs), independent of the project's builder: it proves
/// the harness (boot, attach, start, journal) on its own. Every other test attaches images our builder made.
/// </summary>
[SupportedOSPlatform("linux")]
public static class PortableImageFixtures
{
    public const string HelloImageName = "hello_1.0";
    public const string HelloGreeting = "Hello, world!";

    /// <summary>
    /// Printed by hello.service after the greeting, from a file only the image has: proves the unit ran in the
    /// image. One process prints both: lines of separate processes reach the journal in no fixed order.
    /// </summary>
    public const string HelloMarker = "image marker: hello 1.0 from the portable image";

    public const string HelloService = """
        [Unit]
        Description=Hello world service

        [Service]
        Type=oneshot
        ExecStart=/usr/bin/sh -c 'echo Hello, world!; read -r marker < /usr/share/hello/marker && echo "image marker: $$marker"'

        """;

    /// <summary>The hello tree: /usr/bin/sh (dash) with its libraries, hello.service, a marker file.</summary>
    public static PortableImageTree CreateHelloTree(string treeDirectory) =>
        new PortableImageTree(treeDirectory)
            .AddScaffold()
            .AddOsRelease(OsRelease("hello", "1.0", "Hello world portable service"))
            .AddHostProgram("/usr/bin/sh")
            .AddFile("/usr/share/hello/marker", "hello 1.0 from the portable image\n")
            .AddUnit("hello.service", HelloService);

    /// <summary>Builds OUT/hello_1.0.raw (tree in a temporary directory that is removed afterwards).</summary>
    public static string BuildHelloImage(string outputDirectory) =>
        Build(outputDirectory, HelloImageName, CreateHelloTree);

    public static IEnumerable<KeyValuePair<string, string>> OsRelease(string pname, string version, string prettyName) =>
    [
        new("ID", "debian"),
        new("PRETTY_NAME", prettyName),
        new("PORTABLE_ID", pname),
        new("PORTABLE_PRETTY_NAME", prettyName),
        new("PORTABLE_PREFIXES", pname),
        new("IMAGE_ID", pname),
        new("IMAGE_VERSION", version),
    ];

    private static string Build(string outputDirectory, string imageName, Func<string, PortableImageTree> createTree)
    {
        var work = Directory.CreateTempSubdirectory("portable-image-tree-");
        try
        {
            var tree = createTree(Path.Combine(work.FullName, "root"));
            return MksquashfsImage.Create(tree.Root, Path.Combine(outputDirectory, imageName + ".raw"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
