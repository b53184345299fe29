using System.Runtime.Versioning;
namespace PortableService.Tests.Systemd;

/// <summary>
/// Portable service images made by hand (tree + mksquashfs), for testing against the real portabled
/// before the project's builder makes them: the seed's hello example and a socket-activated demo.
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

    public const string DemoImageName = "demo_1.0";
    public const int DemoPort = 4321;
    public const string DemoReply = "Hello from the portable demo service";

    public const string HelloService = """
        [Unit]
        Description=Hello world service

        [Service]
        Type=oneshot
        ExecStart=/usr/bin/sh -c 'echo Hello, world!; read -r marker < /usr/share/hello/marker && echo "image marker: $$marker"'

        """;

    public static readonly string DemoSocket = $"""
        [Unit]
        Description=Demo socket of a portable service

        [Socket]
        ListenStream=127.0.0.1:{DemoPort}
        Accept=no

        [Install]
        WantedBy=sockets.target

        """;

    public const string DemoService = """
        [Unit]
        Description=Demo server of a portable service, socket-activated
        Requires=demo.socket
        After=demo.socket

        [Service]
        Type=simple
        ExecStart=/usr/bin/perl /usr/share/demo/server.pl

        [Install]
        WantedBy=multi-user.target
        Also=demo.socket

        """;

    /// <summary>A long-running server on the listening socket systemd passes as fd 3 (Accept=no): no modules needed.</summary>
    public static readonly string DemoServer = $$"""
        open(LISTENER, "+<&=3") or die "demo: cannot open fd 3: $!\n";
        $| = 1;
        print "demo: listening on fd 3 as PID $$\n";
        while (accept(CLIENT, LISTENER)) {
            select((select(CLIENT), $| = 1)[0]);
            print CLIENT "{{DemoReply}} (PID $$)\n";
            close(CLIENT);
            print "demo: served a client\n";
        }
        die "demo: accept failed: $!\n";

        """;

    /// <summary>The hello tree: /usr/bin/sh (dash) with its libraries, hello.service, a marker file.</summary>
    public static PortableImageTree CreateHelloTree(string treeDirectory) =>
        new PortableImageTree(treeDirectory)
            .AddScaffold()
            .AddOsRelease(OsRelease("hello", "1.0", "Hello world portable service"))
            .AddHostProgram("/usr/bin/sh")
            .AddFile("/usr/share/hello/marker", "hello 1.0 from the portable image\n")
            .AddUnit("hello.service", HelloService);

    /// <summary>The demo tree: /usr/bin/perl with its libraries, the server script, demo.socket and demo.service.</summary>
    public static PortableImageTree CreateDemoTree(string treeDirectory) =>
        new PortableImageTree(treeDirectory)
            .AddScaffold()
            .AddOsRelease(OsRelease("demo", "1.0", "Socket-activated demo portable service"))
            .AddHostProgram("/usr/bin/perl")
            .AddFile("/usr/share/demo/server.pl", DemoServer)
            .AddUnit("demo.socket", DemoSocket)
            .AddUnit("demo.service", DemoService);

    /// <summary>Builds OUT/hello_1.0.raw (tree in a temporary directory that is removed afterwards).</summary>
    public static string BuildHelloImage(string outputDirectory) =>
        Build(outputDirectory, HelloImageName, CreateHelloTree);

    /// <summary>Builds OUT/demo_1.0.raw.</summary>
    public static string BuildDemoImage(string outputDirectory) =>
        Build(outputDirectory, DemoImageName, CreateDemoTree);

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
