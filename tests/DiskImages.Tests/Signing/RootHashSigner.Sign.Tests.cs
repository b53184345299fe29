using System.Security.Cryptography.Pkcs;
using DiskImages.Signing;
using DiskImages.Tests.Support;

namespace DiskImages.Tests.Signing;

public sealed class RootHashSignerSignTests
{
    private static readonly byte[] RootHash = Convert.FromHexString("5abc5f1ef10fff795ac938e8e2e5dcf5c430ab141ea8f1a1879148d2fc3341ee");

    [ToolTheory("openssl")]
    [InlineData("rsa-pkcs8")]
    [InlineData("rsa-pkcs1")]
    [InlineData("ec")]
    public void Sign_PemKey_VerifiesWithOpensslAndOurVerifier(string kind)
    {
        using var dir = new TempDirectory();
        var files = kind == "ec" ? TestKeys.Ec(dir.Path, "signer") : TestKeys.Rsa(dir.Path, "signer", pkcs1: kind == "rsa-pkcs1");
        using var key = SigningKey.FromPemFiles(files.Certificate, files.PrivateKey);

        var signature = RootHashSigner.Sign(RootHash, key);
        File.WriteAllBytes(dir.Combine("roothash.p7s"), signature);
        File.WriteAllText(dir.Combine("roothash"), Convert.ToHexStringLower(RootHash));

        var openssl = Openssl.Verify(dir.Combine("roothash.p7s"), dir.Combine("roothash"), files.Certificate);
        Assert.True(openssl.ExitCode == 0, openssl.Stderr);
        var ours = RootHashSignatureVerifier.Verify(signature, RootHash, RootHashSignatureVerifier.LoadCertificates(files.Certificate));
        Assert.True(ours.IsValid, ours.Problem);
    }

    [Fact]
    public void Sign_HasNoAttributesNoCertificatesAndIsDetached()
    {
        using var dir = new TempDirectory();
        var files = TestKeys.Rsa(dir.Path, "signer");
        using var key = SigningKey.FromPemFiles(files.Certificate, files.PrivateKey);

        var cms = new SignedCms();
        cms.Decode(RootHashSigner.Sign(RootHash, key));

        Assert.Empty(cms.ContentInfo.Content);
        Assert.Empty(cms.Certificates);
        Assert.Single(cms.SignerInfos);
        var signer = cms.SignerInfos[0];
        Assert.Empty(signer.SignedAttributes);
        Assert.Empty(signer.UnsignedAttributes);
        Assert.Equal("2.16.840.1.101.3.4.2.1", signer.DigestAlgorithm.Value);
    }

    [ToolTheory("openssl")]
    [InlineData(false)]
    [InlineData(true)]
    public void Sign_Rsa_IsDeterministicAndEqualsOpensslSmimeSign(bool pkcs1)
    {
        using var dir = new TempDirectory();
        var files = TestKeys.Rsa(dir.Path, "signer", pkcs1);
        File.WriteAllText(dir.Combine("roothash"), Convert.ToHexStringLower(RootHash));
        using var key = SigningKey.FromPemFiles(files.Certificate, files.PrivateKey);

        var first = RootHashSigner.Sign(RootHash, key);
        var second = RootHashSigner.Sign(RootHash, key);
        var openssl = Openssl.Sign(dir.Combine("roothash"), files, dir.Combine("openssl.p7s"));

        Assert.Equal(first, second);
        Assert.Equal(Convert.ToHexString(openssl), Convert.ToHexString(first));
    }

    [Fact]
    public void Sign_Ec_DiffersEachTimeButEachVerifies()
    {
        using var dir = new TempDirectory();
        var files = TestKeys.Ec(dir.Path, "signer");
        using var key = SigningKey.FromPemFiles(files.Certificate, files.PrivateKey);
        var trusted = RootHashSignatureVerifier.LoadCertificates(files.Certificate);

        var first = RootHashSigner.Sign(RootHash, key);
        var second = RootHashSigner.Sign(RootHash, key);

        Assert.NotEqual(first, second);
        Assert.True(RootHashSignatureVerifier.Verify(first, RootHash, trusted).IsValid);
        Assert.True(RootHashSignatureVerifier.Verify(second, RootHash, trusted).IsValid);
    }

    [ToolFact("openssl")]
    public void Sign_Pkcs12Key_GivesTheSameBytesAsItsPemFiles()
    {
        using var dir = new TempDirectory();
        var files = TestKeys.Rsa(dir.Path, "signer");
        ExternalTool.RunChecked("openssl", "pkcs12", "-export", "-inkey", files.PrivateKey, "-in", files.Certificate, "-passout", "pass:secret", "-out", dir.Combine("signer.p12"));
        using var pem = SigningKey.FromPemFiles(files.Certificate, files.PrivateKey);
        using var pkcs12 = SigningKey.FromPkcs12File(dir.Combine("signer.p12"), "secret");

        Assert.Equal(RootHashSigner.Sign(RootHash, pem), RootHashSigner.Sign(RootHash, pkcs12));
    }
}
