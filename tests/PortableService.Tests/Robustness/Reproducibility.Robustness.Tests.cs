using System.Security.Cryptography;

namespace PortableService.Tests.Robustness;

/// <summary>
/// The same spec gives the same bytes whatever the working directory, thread count, umask, order in which the input
/// files were created, and their mtimes and owners on disk.
/// </summary>
public sealed class ReproducibilityRobustnessTests : IDisposable
{
    private static readonly string[] Names = ["alpha.txt", "beta/gamma.txt", "beta/delta.bin", "epsilon.txt", "zeta/eta/theta.txt", "iota.bin"];

    private readonly BuildWorkspace _a = new();
    private readonly BuildWorkspace _b = new();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private static void WriteInputs(BuildWorkspace ws, IEnumerable<string> order)
    {
        foreach (var name in order)
        {
            var path = ws.Combine("src/" + name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var data = new byte[name.EndsWith(".bin", StringComparison.Ordinal) ? 300_000 : 5_000];
            new Random(name.Length * 31 + name[0]).NextBytes(data);
            if (!name.EndsWith(".bin", StringComparison.Ordinal))
            {
                data = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(data));
            }

            File.WriteAllBytes(path, data);
        }

        // A duplicate, a symlink and an empty file, for the dedup and inode paths.
        File.Copy(ws.Combine("src/alpha.txt"), ws.Combine("src/alpha-copy.txt"));
        File.CreateSymbolicLink(ws.Combine("src/link"), "beta/gamma.txt");
        File.WriteAllBytes(ws.Combine("src/empty"), []);
        ws.Spec("""{ "pname": "foo", "version": "1", "units": ["foo.service"], "contents": [{ "source": "src", "target": "/srv/foo" }], "squash-compression": "zstd", "squash-block-size": "64K" }""");
    }

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void SameSpec_GivesTheSameBytes_AcrossDirectoriesThreadsUmasksOrdersMtimesAndOwners()
    {
        WriteInputs(_a, Names);
        WriteInputs(_b, Names.Reverse());

        // The copy: other mtimes, other owners (as root), files created in the reverse order.
        var when = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        foreach (var path in Directory.EnumerateFileSystemEntries(_b.Root, "*", SearchOption.AllDirectories).Where(p => !p.StartsWith(_b.Output, StringComparison.Ordinal)))
        {
            if (new FileInfo(path).LinkTarget is null)
            {
                File.SetLastWriteTimeUtc(path, when);
            }
        }

        if (TestEnvironment.IsRoot)
        {
            BuildWorkspace.Sh($"chown -hR 1234:5678 {BuildWorkspace.Quote(_b.Combine("src"))} {BuildWorkspace.Quote(_b.Combine("foo.service"))}");
        }

        // 1: in-process, this process's directory, all cores.
        var first = _a.Build();
        Assert.True(first.ExitCode == 0, first.Error);
        var image1 = Path.Join(_a.Output, "foo_1.raw");

        // 2: subprocess, one thread, umask 077, working directory /.
        var out2 = Directory.CreateDirectory(_a.Combine("out2")).FullName;
        var second = BuildWorkspace.RunCli(["build", _a.Combine("spec.json"), "-o", out2, "--quiet"], setup: "umask 077; export DOTNET_PROCESSOR_COUNT=1", workingDirectory: "/");
        Assert.True(second.ExitCode == 0, second.Error);

        // 3: the copy, subprocess, four threads, umask 002, relative paths from its own directory.
        var third = BuildWorkspace.RunCli(["build", "spec.json", "-o", "out", "--quiet"], setup: "umask 002; export DOTNET_PROCESSOR_COUNT=4", workingDirectory: _b.Root);
        Assert.True(third.ExitCode == 0, third.Error);

        var expected = Sha(image1);
        Assert.Equal(expected, Sha(Path.Join(out2, "foo_1.raw")));
        Assert.Equal(expected, Sha(Path.Join(_b.Output, "foo_1.raw")));
    }
}
