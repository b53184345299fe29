using DiskImages.Gpt;
using DiskImages.Signing;
using DiskImages.Tests.Signing;
using DiskImages.Tests.Support;
using DiskImages.Tests.Verity;
using DiskImages.Verity;

namespace DiskImages.Tests.Gpt;

public sealed class PortableDiskImageWriteTests
{
    [ToolFact("mksquashfs", "unsquashfs", "sfdisk", "veritysetup", "openssl")]
    public void Write_Signed_ToolsSeeThreePartitionsThatVerify()
    {
        using var dir = new TempDirectory();
        var root = SquashfsImage.Make(dir);
        var keys = TestKeys.Rsa(dir.Path, "signer");
        using var key = SigningKey.FromPemFiles(keys.Certificate, keys.PrivateKey);
        var x64 = DiscoverablePartitionTypes.Get("x86-64");
        var image = dir.Combine("hello_1.raw");

        var result = PortableDiskImage.Write(root, image, new PortableDiskImageOptions { Architecture = x64, SigningKey = key });

        // The table as util-linux reads it: types, UUIDs from the root hash's halves, names as systemd-repart gives them.
        var sfdisk = Sfdisk.Read(image);
        var hex = result.Verity.RootHashHex;
        Assert.Equal(
            [
                (x64.Root.ToString(), $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}", "root-x86-64"),
                (x64.RootVerity.ToString(), $"{hex[32..40]}-{hex[40..44]}-{hex[44..48]}-{hex[48..52]}-{hex[52..64]}", "root-x86-64-verity"),
                (x64.RootVeritySignature.ToString(), result.Table.Partitions[2].Uuid.ToString(), "root-x86-64-verity-sig"),
            ],
            sfdisk.Partitions.Select(p => (p.Type, p.Uuid, p.Name)));

        // The root partition is the squashfs image, byte for byte, and unsquashfs reads it there.
        var partitions = Extract(image, sfdisk, dir);
        Assert.Equal(File.ReadAllBytes(root), File.ReadAllBytes(partitions[0]));
        Assert.Contains("usr/bin/hello", ExternalTool.RunChecked("unsquashfs", "-l", partitions[0]).Stdout);

        // The verity partition is a veritysetup hash file for it.
        var verify = Veritysetup.Verify(partitions[0], partitions[1], hex);
        Assert.True(verify.ExitCode == 0, verify.Stderr);

        // The signature partition: JSON, then NULs; its signature verifies with openssl and here.
        var json = SignatureJson.Parse(File.ReadAllBytes(partitions[2]));
        Assert.Equal(hex, json.RootHash);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key.Certificate.RawData)), json.CertificateFingerprint);
        File.WriteAllBytes(dir.Combine("sig.p7s"), json.Signature);
        File.WriteAllText(dir.Combine("roothash"), hex);
        var openssl = Openssl.Verify(dir.Combine("sig.p7s"), dir.Combine("roothash"), keys.Certificate);
        Assert.True(openssl.ExitCode == 0, openssl.Stderr);
        var ours = RootHashSignatureVerifier.Verify(json.Signature, json.GetRootHashBytes(), RootHashSignatureVerifier.LoadCertificates(keys.Certificate));
        Assert.True(ours.IsValid, ours.Problem);

        // Our reader reads the same table back.
        Assert.Equal(result.Table.Partitions, GptTable.Read(image).Partitions);
    }

    [ToolFact("mksquashfs")]
    public void Write_Unsigned_HasRootAndVerityOnly_AndIsReproducible()
    {
        using var dir = new TempDirectory();
        var root = SquashfsImage.Make(dir);

        var first = PortableDiskImage.Write(root, dir.Combine("1.raw"), new PortableDiskImageOptions { Architecture = DiscoverablePartitionTypes.Get("aarch64") });
        var second = PortableDiskImage.Write(root, dir.Combine("2.raw"), new PortableDiskImageOptions { Architecture = DiscoverablePartitionTypes.Get("arm64") });

        Assert.Equal(2, first.Table.Partitions.Count);
        Assert.Null(first.Signature);
        Assert.Equal("root-arm64", first.Table.Partitions[0].Name);
        Assert.Equal(File.ReadAllBytes(dir.Combine("1.raw")), File.ReadAllBytes(dir.Combine("2.raw")));
        Assert.Equal(first.Table.DiskGuid, second.Table.DiskGuid);
    }

    [ToolFact("mksquashfs", "systemd-dissect", "openssl")]
    public void Write_Signed_SystemdDissectFindsRootVerityAndSignature()
    {
        using var dir = new TempDirectory();
        var root = SquashfsImage.Make(dir);
        var keys = TestKeys.Rsa(dir.Path, "signer");
        using var key = SigningKey.FromPemFiles(keys.Certificate, keys.PrivateKey);
        var image = dir.Combine("hello_1.raw");
        var result = PortableDiskImage.Write(root, image, new PortableDiskImageOptions { SigningKey = key });

        var dissect = ExternalTool.RunChecked("systemd-dissect", image).Stdout;

        var native = DiscoverablePartitionTypes.Native;
        Assert.Matches($@"ro\s+root\s+{result.Table.Partitions[0].Uuid}\s+{native.RootLabel}\s+squashfs", dissect);
        Assert.Matches($@"ro\s+root-verity\s+{result.Table.Partitions[1].Uuid}\s+{native.RootVerityLabel}\s+DM_verity_hash", dissect);
        Assert.Matches($@"ro\s+root-verity-sig\s+{result.Table.Partitions[2].Uuid}\s+{native.RootVeritySignatureLabel}\s+verity_hash_signature", dissect);
        Assert.Contains("PORTABLE_PREFIXES=hello", dissect);
    }

    [Fact]
    public void Write_RootNotWholeBlocks_ThrowsAndLeavesNoOutput()
    {
        using var dir = new TempDirectory();
        var root = TestData.File(dir, "root.raw", 5000);

        Assert.Throws<ArgumentException>(() => PortableDiskImage.Write(root, dir.Combine("out.raw")));
        Assert.False(File.Exists(dir.Combine("out.raw")));
    }

    /// <summary>Copies each partition out of the disk image into a file of its own.</summary>
    private static string[] Extract(string image, Sfdisk.Table table, TempDirectory dir)
    {
        var bytes = File.ReadAllBytes(image);
        return table.Partitions.Select((partition, i) =>
        {
            var path = dir.Combine($"partition{i + 1}");
            File.WriteAllBytes(path, bytes.AsSpan((int)partition.Start, (int)partition.Size).ToArray());
            return path;
        }).ToArray();
    }
}
