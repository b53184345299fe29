using System.Runtime.Versioning;
using PortableService.Building;
using PortableService.Spec;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Systemd;

/// <summary>
/// The specs of the images the real-systemd tests attach, each built by the project's own
/// <see cref="PortableImageBuilder"/>: the seed's hello example as it is in examples/, a socket-activated perl demo
/// (nixpkgs' portable-service NixOS test), a perl program given as host contents, and a Nix store script.
/// </summary>
[SupportedOSPlatform("linux")]
public static class BuiltImages
{
    /// <summary>Timestamps as nixpkgs (SOURCE_DATE_EPOCH=0); everything else from the spec.</summary>
    public static readonly BuildOptions Options = new() { SourceDateEpoch = 0 };

    // --- The seed's hello example (examples/hello/hello.json: ExecStart=/usr/bin/echo Hello, world!) ---
    public const string HelloImageName = "hello_2.12.1";
    public const string HelloGreeting = "Hello, world!";
    public const string HelloPrettyName = "Hello world service";

    // --- The socket-activated demo ---
    public const string DemoImageName = "demo_1.0";
    public const int DemoPort = 4321;
    public const string DemoReply = "Hello from the portable demo service";
    public const string DemoServerImagePath = "/usr/share/demo/server.pl";

    // --- Host contents: /usr/bin/perl and perl-base's modules ---
    public const string PerlImageName = "perlhost_1.0";
    public const string PerlModules = "/usr/lib/x86_64-linux-gnu/perl-base";
    public const string PerlReportImagePath = "/usr/share/perlhost/report.pl";
    public const string CUtf8Locale = "/usr/lib/locale/C.utf8";

    // --- Nix store contents ---
    public const string NixImageName = "nixhello_1.0";
    public const string NixGreeting = "Hello from the Nix store";

    /// <summary>
    /// Two store paths: <c>greeting</c> (a data file) and <c>hello</c>, a <c>#!/bin/sh</c> script that reads the
    /// greeting by its store path, so hello refers to greeting and only Nix's references can bring it.
    /// </summary>
    public static readonly string NixExpression = NixStorePaths.Derivations("""
          greeting = mk "ps-e2e-greeting" "mkdir -p $out/share; echo 'Hello from the Nix store' > $out/share/greeting";
          hello = mk "ps-e2e-hello" "mkdir -p $out/bin; printf '#!/bin/sh\\nread -r line < ${greeting}/share/greeting\\necho \"$line ($0)\"\\n' > $out/bin/hello; chmod +x $out/bin/hello";
        """);

    public static string HelloSpecPath => Path.Join(Repository.Example("hello"), "hello.json");

    public static readonly string DemoSocket = $"""
        [Unit]
        Description=Demo socket of a portable service

        [Socket]
        ListenStream=127.0.0.1:{DemoPort}
        Accept=no

        [Install]
        WantedBy=sockets.target

        """;

    public const string DemoService = $"""
        [Unit]
        Description=Demo server of a portable service, socket-activated
        Requires=demo.socket
        After=demo.socket

        [Service]
        Type=simple
        ExecStart=/usr/bin/perl {DemoServerImagePath}

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

    public const string PerlService = $"""
        [Unit]
        Description=Perl from the host, with an XS module

        [Service]
        Type=oneshot
        ExecStart=/usr/bin/perl {PerlReportImagePath}

        """;

    /// <summary>
    /// Loads POSIX (an XS module: POSIX.so is dlopen()ed) and reports what the service sees, one line each, from one
    /// process (so in order): its root's os-release, whether the container's own files are visible, and every shared
    /// object mapped into it.
    /// </summary>
    public const string PerlReport = """
        use strict;
        use warnings;
        use POSIX ();
        $| = 1;
        print "uname: ", (POSIX::uname())[0], "\n";
        open(my $os, '<', '/etc/os-release') or die "no /etc/os-release: $!\n";
        my ($image_id) = grep { /^IMAGE_ID=/ } <$os>;
        chomp $image_id;
        print "os-release: $image_id\n";
        print "debian_version: ", (-e '/etc/debian_version' ? 'present' : 'absent'), "\n";
        open(my $maps, '<', '/proc/self/maps') or die "no /proc/self/maps: $!\n";
        my %mapped;
        while (<$maps>) { $mapped{$1} = 1 if m{\s(/\S+\.so(?:\.[\d.]+)?)$}; }
        print "mapped: $_\n" for sort keys %mapped;
        print "done\n";

        """;

    /// <summary>The seed's hello example, read from examples/hello/hello.json as the CLI would.</summary>
    public static PortableServiceSpec HelloSpec() => SpecReader.ReadFileOrThrow(HelloSpecPath);

    /// <summary>demo.socket + demo.service; the server script is written to <paramref name="sourceDirectory"/> and mapped into the image.</summary>
    public static PortableServiceSpec DemoSpec(string sourceDirectory) =>
        new("demo", "1.0", [UnitSource.Inline("demo.socket", DemoSocket), UnitSource.Inline("demo.service", DemoService)])
        {
            Description = "Socket-activated demo portable service",
            Contents = [new ContentSpec(WriteSource(sourceDirectory, "server.pl", DemoServer), DemoServerImagePath)],
            SquashCompression = "gzip",
        };

    /// <summary>/usr/bin/perl, perl-base's module directory and the C.UTF-8 locale as contents; the closure must bring their libraries.</summary>
    public static PortableServiceSpec PerlSpec(string sourceDirectory) =>
        new("perlhost", "1.0", [UnitSource.Inline("perlhost.service", PerlService)])
        {
            Description = "Host perl in a portable service",
            Contents =
            [
                new ContentSpec("/usr/bin/perl"),
                new ContentSpec(PerlModules),

                // systemd hands services its LANG (C.UTF-8 here); without the locale perl warns "Setting locale failed".
                new ContentSpec(CUtf8Locale),
                new ContentSpec(WriteSource(sourceDirectory, "report.pl", PerlReport), PerlReportImagePath),
            ],
            SquashCompression = "zstd",
        };

    /// <summary>
    /// nixhello.service runs <c>HELLO/bin/hello</c> directly; the unit names only that store path. With
    /// <paramref name="hostShell"/> the host's /bin/sh is added as contents (the script's interpreter is not a store
    /// path, so the Nix closure does not bring it).
    /// </summary>
    public static PortableServiceSpec NixSpec(string helloStorePath, bool hostShell, string version = "1.0") =>
        new("nixhello", version, [UnitSource.Inline("nixhello.service", NixService(helloStorePath))])
        {
            Description = "A Nix store script in a portable service",
            Contents = hostShell ? [new ContentSpec("/bin/sh")] : [],
            SquashCompression = "lz4",
        };

    public static string NixService(string helloStorePath) => $"""
        [Unit]
        Description=Nix store hello

        [Service]
        Type=oneshot
        ExecStart={helloStorePath}/bin/hello

        """;

    /// <summary>Builds the expression's greeting and hello; returns (greeting, hello) store paths.</summary>
    public static (string Greeting, string Hello) BuildNixStorePaths()
    {
        var paths = NixStorePaths.Build(NixExpression, "greeting", "hello");
        return (paths[0], paths[1]);
    }

    public static BuiltImage Build(PortableServiceSpec spec, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        return PortableImageBuilder.Build(spec, outputDirectory, Options);
    }

    private static string WriteSource(string directory, string name, string text)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Join(directory, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        return path;
    }
}
