using Squashfs.Fuzz;

namespace Squashfs.Tests;

/// <summary>
/// The fuzzer's findings as regression tests: every input under Fuzz/ once crashed the reader or extractor (fuzz/run.sh
/// found it) and must now end in an acceptable outcome. The seed corpus must read cleanly. Then a seeded, time-bounded
/// mutation fuzzer over the corpus, so the reader is exercised on every test run, without AFL++.
/// </summary>
public sealed class SquashfsReaderFuzzTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("squashfs-fuzz-tests-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string> Findings => Files("Fuzz");

    public static TheoryData<string> Seeds => Files("FuzzCorpus");

    [Theory]
    [MemberData(nameof(Findings))]
    public void FuzzFinding_EndsInAnAcceptableOutcome(string file)
    {
        var outcome = Run(File.ReadAllBytes(file));
        Assert.NotNull(outcome); // Each finding is a malformed image: the reader rejects it, with a message.
        Assert.False(string.IsNullOrWhiteSpace(outcome.Message));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SeedImage_ReadsAndExtractsCleanly(string file) => Assert.Null(Run(File.ReadAllBytes(file)));

    /// <summary>Byte flips, small integer overwrites, truncations and splices over every seed, for a bounded time.</summary>
    [Fact]
    public void MutatedImages_EndInAnAcceptableOutcome()
    {
        var seeds = FileNames("FuzzCorpus").Select(File.ReadAllBytes).ToList();
        var random = new Random(20240607);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        var runs = 0;
        while (DateTime.UtcNow < deadline || runs < 200)
        {
            var image = Mutate(seeds[runs % seeds.Count], random);
            try
            {
                Run(image);
            }
            catch (Exception e)
            {
                var path = Path.Join(Path.GetTempPath(), $"squashfs-mutation-{runs}.sqfs");
                File.WriteAllBytes(path, image);
                Assert.Fail($"mutation {runs} (saved as {path}) failed with {e}");
            }

            runs++;
        }
    }

    private Exception? Run(byte[] image)
    {
        var extracting = false;
        try
        {
            ImageExerciser.Exercise(image, _scratch, () => extracting = true);
            return null;
        }
        catch (Exception e) when (ImageExerciser.IsAcceptable(e, extracting))
        {
            return e;
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var image = (byte[])seed.Clone();
        var edits = random.Next(1, 9);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(image.Length);
            switch (random.Next(6))
            {
                case 0:
                    image[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    image[at] = (byte)random.Next(256);
                    break;
                case 2:
                    // An interesting 16- or 32-bit value, where counts, sizes and offsets live.
                    uint[] values = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];
                    var value = values[random.Next(values.Length)];
                    for (var b = 0; b < 4 && at + b < image.Length; b++)
                    {
                        image[at + b] = (byte)(value >> (8 * b));
                    }

                    break;
                case 3:
                    image = image[..Math.Max(1, at)];
                    break;
                case 4:
                    var from = random.Next(image.Length);
                    var length = Math.Min(random.Next(1, 64), Math.Min(image.Length - from, image.Length - at));
                    Array.Copy(image, from, image, at, length);
                    break;
                default:
                    image[at] = (byte)(image[at] + random.Next(-4, 5));
                    break;
            }
        }

        return image;
    }

    private static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var file in FileNames(folder))
        {
            data.Add(file);
        }

        return data;
    }

    private static List<string> FileNames(string folder) =>
        [.. Directory.EnumerateFiles(Path.Join(AppContext.BaseDirectory, folder)).Order(StringComparer.Ordinal)];
}
