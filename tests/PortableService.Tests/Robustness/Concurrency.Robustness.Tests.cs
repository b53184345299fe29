using Squashfs;

namespace PortableService.Tests.Robustness;

/// <summary>Two builds of the same image at once: both succeed (or one fails cleanly), and the image is whole.</summary>
public sealed class ConcurrencyRobustnessTests : IDisposable
{
    private readonly BuildWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task TwoBuildsOfOneImageAtOnce_LeaveOneCompleteImage()
    {
        var data = new byte[8 << 20];
        new Random(5).NextBytes(data);
        File.WriteAllBytes(_ws.Combine("payload/random.bin"), data);
        _ws.SpecWith("\"contents\": [\"payload\"], \"squash-compression\": \"gzip\"");
        string[] args = ["build", _ws.Combine("spec.json"), "-o", _ws.Output, "--quiet"];
        using var first = BuildWorkspace.StartCli(args);
        using var second = BuildWorkspace.StartCli(args);
        var errors = new[] { first.StandardError.ReadToEndAsync(), second.StandardError.ReadToEndAsync() };
        Assert.True(first.WaitForExit(TimeSpan.FromMinutes(2)) && second.WaitForExit(TimeSpan.FromMinutes(2)));

        var codes = new[] { first.ExitCode, second.ExitCode };
        var messages = string.Join(" | ", await Task.WhenAll(errors));
        Assert.Contains(0, codes);
        Assert.All(codes, c => Assert.True(c is 0 or 1, $"exit code {c}: {messages}"));
        var image = Path.Join(_ws.Output, "foo_1.raw");
        Assert.Equal([image], Directory.EnumerateFileSystemEntries(_ws.Output));
        using var reader = SquashfsReader.Open(image);
        Assert.True(data.AsSpan().SequenceEqual(reader.ReadAllBytes(reader.Find(_ws.Combine("payload/random.bin"))!)));
        foreach (var entry in reader.Walk().Where(e => e.Kind == Squashfs.Reading.SquashfsEntryKind.File))
        {
            Assert.Equal(entry.Size, reader.ReadAllBytes(entry).Length);
        }
    }
}
