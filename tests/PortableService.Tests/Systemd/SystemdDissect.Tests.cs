using System.Runtime.Versioning;
using PortableService.Inspection;
using Xunit.Abstractions;

namespace PortableService.Tests.Systemd;

/// <summary>
/// systemd-dissect of each version (run in the container, where the loop devices are; it needs no booted systemd) on
/// images our builder made.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class SystemdDissectTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Images => new() { "hello", "demo" };

    [Theory]
    [MemberData(nameof(Images))]
    public void Dissect_OurImage_RecognisedAsPortableServiceWithOurOsRelease(string which)
    {
        var image = which == "hello" ? fixture.HelloImage : fixture.DemoImage;
        var result = fixture.Dissect(image.Path).EnsureSuccess();
        output.WriteLine(result.StandardOutput);
        Assert.Matches(@"(?m)^\s*(?:Use As:)?\s*(?:✓|\+) portable service\s*$", result.StandardOutput);
        Assert.Matches(@"(?m)^\s*(?:Use As:)?\s*(?:✗|-) bootable system for container\s*$", result.StandardOutput);
        Assert.Matches($@"(?m)^\s*(?:OS Release:)?\s*PORTABLE_PREFIXES={which}\s*$", result.StandardOutput);
        Assert.Matches(@"(?m)^ro\s+root\s.*\bsquashfs\b", result.StandardOutput);

        // systemd's os-release parser and ours read the same fields from the image.
        var report = ImageInspector.Inspect(image.Path);
        Assert.Equal(report.OsRelease.OrderBy(f => f.Key, StringComparer.Ordinal), OsReleaseBlock(result.OutputLines).OrderBy(f => f.Key, StringComparer.Ordinal));
    }

    /// <summary>
    /// Our signed DDI: root, root-verity and root-verity-sig partitions with the UUIDs from our root hash, the root
    /// "signed" (systemd-dissect reads the signature partition; it does not check the signer). Our sidecar image: the
    /// naked root with "external" verity (NAME.verity, NAME.roothash, NAME.roothash.p7s found beside it). The same
    /// table on 252 and 257, where 252 has a NODE column.
    /// </summary>
    [Theory]
    [InlineData("ddi")]
    [InlineData("squashfs")]
    public void Dissect_OurSignedVerityImage_ListsRootVerityAndSignature(string format)
    {
        var signer = TestKeys.Rsa(Path.Join(fixture.ImagesDirectory, "keys"), "dissect-signer");
        var image = SignedImages.Build(fixture, "dissect-" + format, format, signer);
        var rootHash = ImageInspector.Inspect(image.Path, new InspectionOptions { Certificate = signer.Certificate }).Verification!.RootHash!;
        var result = fixture.Dissect(image.Path).EnsureSuccess();
        output.WriteLine(result.StandardOutput);
        Assert.Matches(@"(?m)^\s*(?:Use As:)?\s*(?:✓|\+) portable service\s*$", result.StandardOutput);

        var rows = result.OutputLines.Where(l => l.StartsWith("ro ", StringComparison.Ordinal)).ToList();
        if (format == "ddi")
        {
            var rootUuid = new Guid(Convert.FromHexString(rootHash[..32]), bigEndian: true);
            var verityUuid = new Guid(Convert.FromHexString(rootHash[32..]), bigEndian: true);
            Assert.Equal(3, rows.Count);
            Assert.Matches($@"^ro\s+root\s+{rootUuid}\s+root-x86-64\s+squashfs\s+x86-64\s+signed\s+no\b", rows[0]);
            Assert.Matches($@"^ro\s+root-verity\s+{verityUuid}\s+root-x86-64-verity\s+DM_verity_hash\s+x86-64\s+-\s", rows[1]);
            Assert.Matches(@"^ro\s+root-verity-sig\s+[0-9a-f-]{36}\s+root-x86-64-verity-sig\s+verity_hash_signature\s+x86-64\s+-\s", rows[2]);
        }
        else
        {
            Assert.Matches(@"^ro\s+root\s+-\s+-\s+squashfs\s+-\s+external\s+no\b", Assert.Single(rows));
        }
    }

    /// <summary>The "OS Release:" block: KEY=VALUE lines (values unquoted) up to the first empty line.</summary>
    private static List<KeyValuePair<string, string>> OsReleaseBlock(IReadOnlyList<string> lines)
    {
        var start = lines.ToList().FindIndex(l => l.TrimStart().StartsWith("OS Release:", StringComparison.Ordinal));
        Assert.True(start >= 0, "systemd-dissect printed no OS Release block");
        var fields = new List<KeyValuePair<string, string>>();
        for (var i = start; i < lines.Count && lines[i].Trim().Length > 0; i++)
        {
            var line = lines[i].Trim();
            line = line.StartsWith("OS Release:", StringComparison.Ordinal) ? line["OS Release:".Length..].Trim() : line;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            fields.Add(new(line[..equals], line[(equals + 1)..]));
        }

        return fields;
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : SystemdDissectTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : SystemdDissectTests(fixture, output);
}
