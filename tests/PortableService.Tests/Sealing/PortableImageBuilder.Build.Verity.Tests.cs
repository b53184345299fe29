using System.Text.Json;
using PortableService.Tests.Closure;
using PortableService.Tests.Robustness;

namespace PortableService.Tests.Sealing;

/// <summary>`build --verity`, `--private-key`/`--certificate` and `--format ddi`, checked with veritysetup, openssl and sfdisk.</summary>
public sealed class PortableImageBuilderBuildVerityTests : IDisposable
{
    private readonly BuildWorkspace _work = new();

    private string Image => Path.Join(_work.Output, "foo_1.raw");

    private string Sidecar(string suffix) => Path.Join(_work.Output, "foo_1" + suffix);

    [ToolFact("veritysetup", "openssl")]
    public void VerityAndKey_SidecarsVerifyWithVeritysetupAndOpenssl()
    {
        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        _work.SpecWith();
        var build = _work.Build("--verity", "--private-key", key.PrivateKey, "--certificate", key.Certificate, "--json");
        Assert.Equal(0, build.ExitCode);

        var rootHashText = File.ReadAllText(Sidecar(".roothash"));
        Assert.Matches("^[0-9a-f]{64}\n$", rootHashText);
        var rootHash = rootHashText.TrimEnd('\n');
        using (var json = JsonDocument.Parse(build.Out))
        {
            Assert.Equal(rootHash, json.RootElement.GetProperty("rootHash").GetString());
            Assert.True(json.RootElement.GetProperty("signed").GetBoolean());
            Assert.Equal([Sidecar(".verity"), Sidecar(".roothash"), Sidecar(".roothash.p7s")], json.RootElement.GetProperty("sidecars").EnumerateArray().Select(e => e.GetString()));
        }

        var verify = ExternalTool.Run("veritysetup", "verify", Image, Sidecar(".verity"), rootHash);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        var dump = ExternalTool.Run("veritysetup", "dump", Sidecar(".verity")).Stdout;
        Assert.Matches(@"Hash type:\s+1", dump);
        Assert.Matches(@"Data block size:\s+4096", dump);
        Assert.Matches(@"Hash algorithm:\s+sha256", dump);
        Assert.Matches($@"Data blocks:\s+{new FileInfo(Image).Length / 4096}\n", dump);

        var signature = SealingFiles.OpensslVerify(_work, Sidecar(".roothash.p7s"), rootHash, key.Certificate);
        Assert.True(signature.ExitCode == 0, signature.Stderr);
        Assert.DoesNotContain("PRIVATE KEY", build.Out + build.Error);

        var inspect = BuildWorkspace.Run(["inspect", Image, "--certificate", key.Certificate, "--json"]);
        Assert.Equal(0, inspect.ExitCode);
        using var report = JsonDocument.Parse(inspect.Out);
        Assert.Equal("signed", report.RootElement.GetProperty("protection").GetString());
        Assert.Equal("CN=signer", report.RootElement.GetProperty("signer").GetString());
    }

    [ToolFact("veritysetup")]
    public void FlippedByte_VeritysetupAndInspectFailNamingTheBlock()
    {
        _work.SpecWith();
        Assert.Equal(0, _work.Build("--verity").ExitCode);
        SealingFiles.FlipByte(Image, 2 * 4096 + 17);

        var rootHash = File.ReadAllText(Sidecar(".roothash")).Trim();
        Assert.NotEqual(0, ExternalTool.Run("veritysetup", "verify", Image, Sidecar(".verity"), rootHash).ExitCode);
        var inspect = BuildWorkspace.Run(["inspect", Image]);
        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("error PS4020: Verity check failed, data block 2 (bytes 8192..)", inspect.Out);
        Assert.Contains("squashfs, unprotected", inspect.Out);
    }

    [ToolFact("veritysetup", "openssl")]
    public void WrongCertificate_InspectFails()
    {
        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        var other = TestKeys.Rsa(_work.Combine("keys"), "other");
        _work.SpecWith();
        Assert.Equal(0, _work.Build("--verity", "--private-key", key.PrivateKey, "--certificate", key.Certificate).ExitCode);

        var inspect = BuildWorkspace.Run(["inspect", Image, "--certificate", other.Certificate]);
        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("error PS4021: The root hash signature does not verify", inspect.Out);
    }

    /// <summary>--certificate asks for a signed image: an image without a signature fails inspect instead of passing unchecked.</summary>
    [Theory]
    [InlineData("plain", "it has no signed root hash")]
    [InlineData("--verity", "it has verity, but its root hash is not signed")]
    [InlineData("directory", "an image directory has no verity and no signature")]
    public void CertificateGiven_ForAnUnsignedImage_InspectFailsWithPS4026(string kind, string why)
    {
        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        _work.SpecWith();
        var options = kind switch { "plain" => [], "--verity" => ["--verity"], _ => new[] { "--format", "directory" } };
        Assert.Equal(0, _work.Build(options).ExitCode);
        var image = kind == "directory" ? Path.Join(_work.Output, "foo_1") : Image;

        var inspect = BuildWorkspace.Run(["inspect", image, "--certificate", key.Certificate]);

        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains($"error PS4026: --certificate {key.Certificate} asks for an image signed with it, but {image} is not signed ({why})", inspect.Out);
        Assert.Equal(0, BuildWorkspace.Run(["inspect", image]).ExitCode);
    }

    [ToolFact("sfdisk", "unsquashfs")]
    public void Ddi_SfdiskShowsRootVerityAndSignature_InspectVerifies()
    {
        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        _work.SpecWith();
        var build = _work.Build("--format", "ddi", "--private-key", key.PrivateKey, "--certificate", key.Certificate, "--architecture", "x86-64", "--json");
        Assert.Equal(0, build.ExitCode);
        using var json = JsonDocument.Parse(build.Out);
        var rootHash = json.RootElement.GetProperty("rootHash").GetString()!;
        Assert.Equal("ddi", json.RootElement.GetProperty("format").GetString());
        Assert.Empty(json.RootElement.GetProperty("sidecars").EnumerateArray());
        Assert.False(File.Exists(Sidecar(".verity")));

        using var table = JsonDocument.Parse(ExternalTool.Run("sfdisk", "--json", Image).Stdout);
        var partitions = table.RootElement.GetProperty("partitiontable").GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(
            ["4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", "2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5", "41092B05-9FC8-4523-994F-2DEF0408B176"],
            partitions.Select(p => p.GetProperty("type").GetString()!.ToUpperInvariant()));
        Assert.Equal(rootHash[..32], partitions[0].GetProperty("uuid").GetString()!.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
        Assert.Equal(rootHash[32..], partitions[1].GetProperty("uuid").GetString()!.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant());

        // unsquashfs reads the root partition as it is.
        var root = Path.Join(_work.Root, "root.squashfs");
        using (var disk = File.OpenRead(Image))
        using (var copy = File.Create(root))
        {
            disk.Position = partitions[0].GetProperty("start").GetInt64() * 512;
            var buffer = new byte[partitions[0].GetProperty("size").GetInt64() * 512];
            disk.ReadExactly(buffer);
            copy.Write(buffer);
        }

        Assert.Contains("etc/systemd/system/foo.service", ExternalTool.Run("unsquashfs", "-l", root).Stdout);

        var inspect = BuildWorkspace.Run(["inspect", Image, "--certificate", key.Certificate]);
        Assert.True(inspect.ExitCode == 0, inspect.Out + inspect.Error);
        Assert.Contains($"ddi, signed (root hash {rootHash}, signed by CN=signer)", inspect.Out);
        Assert.Contains("foo.service", inspect.Out);
    }

    [ToolFact("veritysetup")]
    public void VeritysetupSidecars_InspectVerifies()
    {
        _work.SpecWith();
        Assert.Equal(0, _work.Build().ExitCode);
        var format = ExternalTool.Run("veritysetup", "format", Image, Sidecar(".verity"));
        Assert.True(format.ExitCode == 0, format.Stderr);
        var rootHash = format.Stdout.Split('\n').Single(l => l.StartsWith("Root hash:", StringComparison.Ordinal)).Split(':')[1].Trim();
        File.WriteAllText(Sidecar(".roothash"), rootHash + "\n");

        var inspect = BuildWorkspace.Run(["inspect", Image]);
        Assert.True(inspect.ExitCode == 0, inspect.Out + inspect.Error);
        Assert.Contains($"squashfs, verity (root hash {rootHash})", inspect.Out);
    }

    [Fact]
    public void SameInputsAndRsaKey_SameBytes()
    {
        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        _work.SpecWith();
        Assert.Equal(0, _work.Build("--verity", "--private-key", key.PrivateKey, "--certificate", key.Certificate).ExitCode);
        var first = Snapshot();
        Assert.Equal(4, first.Count);
        foreach (var file in Directory.GetFiles(_work.Output))
        {
            File.Delete(file);
        }

        Assert.Equal(0, _work.Build("--verity", "--private-key", key.PrivateKey, "--certificate", key.Certificate).ExitCode);
        Assert.Equal(first, Snapshot());

        Dictionary<string, string> Snapshot() => Directory.GetFiles(_work.Output).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(File.ReadAllBytes(f)));
    }

    [Fact]
    public void RebuildWithoutVerity_RemovesTheOlderSidecars()
    {
        _work.SpecWith();
        Assert.Equal(0, _work.Build("--verity").ExitCode);
        Assert.True(File.Exists(Sidecar(".verity")));

        Assert.Equal(0, _work.Build().ExitCode);
        Assert.Equal(["foo_1.raw"], Directory.GetFiles(_work.Output).Select(Path.GetFileName));
    }

    [Fact]
    public void FailedSigningBuild_LeavesTheOlderImageAndSidecars()
    {
        _work.SpecWith();
        Assert.Equal(0, _work.Build("--verity").ExitCode);
        var before = Directory.GetFiles(_work.Output).Order().Select(File.ReadAllBytes).ToList();

        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        var other = TestKeys.Rsa(_work.Combine("keys"), "other");
        var failed = _work.Build("--verity", "--private-key", other.PrivateKey, "--certificate", key.Certificate);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("PS1807", failed.Error);
        Assert.Equal(before, Directory.GetFiles(_work.Output).Order().Select(File.ReadAllBytes).ToList());
    }

    public void Dispose() => _work.Dispose();
}
