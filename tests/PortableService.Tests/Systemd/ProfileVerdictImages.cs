using System.Collections.Concurrent;
using System.Runtime.Versioning;
using PortableService.Building;
using PortableService.Spec;

namespace PortableService.Tests.Systemd;

/// <summary>
/// The images of the profile evidence: one oneshot service each, <c>verdict.service</c>, that logs <see cref="Line"/>
/// when it runs as meant. Each probes one thing a profile's sandbox decides: where the program lies, its working
/// directory, its user, the arguments it reads, and a JIT (.NET on CoreCLR, framework-dependent) against
/// MemoryDenyWriteExecute=.
/// </summary>
[SupportedOSPlatform("linux")]
public static class ProfileVerdictImages
{
    public const string Line = "verdict: ran";

    private static readonly ConcurrentDictionary<(string Root, string Name), BuiltImage> s_built = new();

    public static IReadOnlyList<string> Names { get; } =
    [
        "native", "opt-workdir", "missing-workdir", "optional-workdir", "tmp-program", "var-tmp-program", "home-program",
        "root-program", "tmp-argument", "opt-argument", "unknown-user", "script", "dotnet-jit",
    ];

    public static BuiltImage Get(SystemdContainerFixture fixture, string name) =>
        s_built.GetOrAdd((fixture.SourcesDirectory, name), key => fixture.Build(Spec(fixture.SourcesDirectory, key.Name), "verdicts-" + key.Name));

    private static PortableServiceSpec Spec(string sources, string name)
    {
        var dir = Directory.CreateDirectory(Path.Join(sources, "verdicts", name)).FullName;
        var echo = $"/usr/bin/echo {Line}";
        PortableServiceSpec Unit(string service, params ContentSpec[] contents) =>
            new("verdict", name, [UnitSource.Inline("verdict.service", "[Service]\nType=oneshot\n" + service)]) { Contents = contents };

        string Script(string file, string body)
        {
            var path = Path.Join(dir, file);
            File.WriteAllText(path, "#!/bin/sh\n" + body);
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
            return path;
        }

        var run = Script("run", $"echo '{Line}'\n");
        var cat = Path.Join(dir, "data.txt");
        File.WriteAllText(cat, Line + "\n");
        var sh = new ContentSpec("/bin/sh");
        return name switch
        {
            "native" => Unit($"ExecStart={echo}\n"),
            "opt-workdir" => Unit($"ExecStart={echo}\nWorkingDirectory=/opt/verdict\n", new ContentSpec(run, "/opt/verdict/run")),
            "missing-workdir" => Unit($"ExecStart={echo}\nWorkingDirectory=/srv/nowhere\n"),
            "optional-workdir" => Unit($"ExecStart={echo}\nWorkingDirectory=-/srv/nowhere\n"),
            "tmp-program" => Unit("ExecStart=/tmp/verdict/run\n", new ContentSpec(run, "/tmp/verdict/run"), sh),
            "var-tmp-program" => Unit("ExecStart=/var/tmp/verdict/run\n", new ContentSpec(run, "/var/tmp/verdict/run"), sh),
            "home-program" => Unit("ExecStart=/home/verdict/run\n", new ContentSpec(run, "/home/verdict/run"), sh),
            "root-program" => Unit("ExecStart=/root/run\n", new ContentSpec(run, "/root/run"), sh),
            "tmp-argument" => Unit("ExecStart=/usr/bin/cat /tmp/verdict/data.txt\n", new ContentSpec(cat, "/tmp/verdict/data.txt"), new ContentSpec("/usr/bin/cat")),
            "opt-argument" => Unit("ExecStart=/usr/bin/cat /opt/verdict/data.txt\n", new ContentSpec(cat, "/opt/verdict/data.txt"), new ContentSpec("/usr/bin/cat")),
            "unknown-user" => Unit($"ExecStart={echo}\nUser=verdictuser\n"),
            "script" => Unit("ExecStart=/opt/verdict/run\n", new ContentSpec(run, "/opt/verdict/run"), sh),
            "dotnet-jit" => DotNetJit(dir, Unit),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    /// <summary>A framework-dependent console app (dotnet new console, built offline) run by the machine's shared runtime.</summary>
    private static PortableServiceSpec DotNetJit(string dir, Func<string, ContentSpec[], PortableServiceSpec> unit)
    {
        var project = Path.Join(dir, "app");
        if (!File.Exists(Path.Join(project, "out", "app.dll")))
        {
            Directory.CreateDirectory(project);
            ProcessRunner.Run(["dotnet", "new", "console", "--force", "-n", "app", "-o", project], TimeSpan.FromMinutes(5)).EnsureSuccess();
            File.WriteAllText(Path.Join(project, "Program.cs"), $"System.Console.WriteLine(\"{Line}\");\n");
            ProcessRunner.Run(["dotnet", "build", project, "-c", "Release", "-o", Path.Join(project, "out")], TimeSpan.FromMinutes(10)).EnsureSuccess();
        }

        var dotnet = Path.GetDirectoryName(Path.GetFullPath(new FileInfo("/usr/bin/dotnet").ResolveLinkTarget(true)?.FullName ?? "/usr/share/dotnet/dotnet"))!;
        var framework = Directory.GetDirectories(Path.Join(dotnet, "shared", "Microsoft.NETCore.App")).Order(StringComparer.Ordinal).Last();
        return unit(
            $"ExecStart={dotnet}/dotnet /opt/app/app.dll\nEnvironment=DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 HOME=/tmp\n",
            [
                new ContentSpec(Path.Join(project, "out"), "/opt/app") { Exclude = ["*.pdb"] },
                new ContentSpec(Path.Join(dotnet, "dotnet")),
                new ContentSpec(Path.Join(dotnet, "host")),
                new ContentSpec(framework) { Exclude = ["libcoreclrtraceptprovider.so"] },
            ]);
    }
}
