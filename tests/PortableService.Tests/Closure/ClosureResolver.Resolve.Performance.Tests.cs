using System.Diagnostics;
using PortableService.Closure;
using Xunit.Abstractions;

namespace PortableService.Tests.Closure;

/// <summary>
/// Coarse guards for issue 6 (a 1,000-binary directory in about a second): generous bounds so a loaded CI machine
/// does not fail them, with the measured time written to the test output.
/// </summary>
public sealed class ClosureResolverResolvePerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void UsrBin_ResolvesInSeconds()
    {
        var stopwatch = Stopwatch.StartNew();
        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = "/nonexistent-store", AllowMissing = true });
        var result = resolver.Resolve([new ClosureRoot("/usr/bin", "contents[0]")]);
        stopwatch.Stop();

        output.WriteLine($"/usr/bin: {result.Items.Count} items, {result.TotalSize} bytes, {result.Diagnostics.Count} warnings, {stopwatch.ElapsedMilliseconds} ms");
        Assert.Contains(result.Items, i => i.HostPath == "/usr/bin" && i.Kind == ClosureItemKind.Tree);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"resolving /usr/bin took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Scan_StreamsLargeFilesQuickly()
    {
        using var store = new FakeStore();
        var target = store.File("target", "x");
        var big = store.PathFor("big");
        using (var stream = File.Create(big))
        {
            var block = new byte[1 << 20];
            new Random(7).NextBytes(block);
            for (var i = 0; i < 64; i++)
            {
                stream.Write(block);
            }

            stream.Write(System.Text.Encoding.ASCII.GetBytes(target));
        }

        var stopwatch = Stopwatch.StartNew();
        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = store.StoreDirectory, NixSource = NixReferenceSource.Scan });
        var result = resolver.Resolve([new ClosureRoot(big, "contents[0]")]);
        stopwatch.Stop();

        output.WriteLine($"scanned 64 MiB in {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(new[] { big, target }.Order(StringComparer.Ordinal), result.Items.Select(i => i.HostPath));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"scanning 64 MiB took {stopwatch.Elapsed}");
    }
}
