using DiskImages.Signing;
using DiskImages.Tests.Support;

namespace DiskImages.Tests.Signing;

public sealed class RootHashSignatureVerifierVerifyTests
{
    private static readonly byte[] RootHash = Convert.FromHexString("052c44a270e8d176856ef17b3056b899093a5de3f66a179b9a85cab2f70efc24");

    [Fact]
    public void Verify_WrongRootHash_IsRejected()
    {
        using var dir = new TempDirectory();
        var files = TestKeys.Rsa(dir.Path, "signer");
        using var key = SigningKey.FromPemFiles(files.Certificate, files.PrivateKey);
        var signature = RootHashSigner.Sign(RootHash, key);
        var other = (byte[])RootHash.Clone();
        other[0] ^= 0x80;

        var result = RootHashSignatureVerifier.Verify(signature, other, RootHashSignatureVerifier.LoadCertificates(files.Certificate));

        Assert.False(result.IsValid);
        Assert.Contains(Convert.ToHexStringLower(other), result.Problem);
    }

    [Fact]
    public void Verify_OtherCertificate_IsRejected()
    {
        using var dir = new TempDirectory();
        var files = TestKeys.Rsa(dir.Path, "signer");
        var stranger = TestKeys.Rsa(dir.Path, "stranger");
        using var key = SigningKey.FromPemFiles(files.Certificate, files.PrivateKey);

        var result = RootHashSignatureVerifier.Verify(RootHashSigner.Sign(RootHash, key), RootHash, RootHashSignatureVerifier.LoadCertificates(stranger.Certificate));

        Assert.False(result.IsValid);
        Assert.Null(result.Signer);
    }

    [Fact]
    public void Verify_VerityDirectory_FindsTheSignerAmongItsCrtFiles()
    {
        using var keys = new TempDirectory();
        using var verityD = new TempDirectory();
        var files = TestKeys.Rsa(keys.Path, "signer");
        var stranger = TestKeys.Ec(keys.Path, "stranger");
        File.Copy(stranger.Certificate, Path.Join(verityD.Path, "a-stranger.crt"));
        File.Copy(files.Certificate, Path.Join(verityD.Path, "b-signer.crt"));
        File.WriteAllText(Path.Join(verityD.Path, "ignored.pem"), "not read: systemd reads *.crt only");
        using var key = SigningKey.FromPemFiles(files.Certificate, files.PrivateKey);

        var trusted = RootHashSignatureVerifier.LoadCertificates(verityD.Path);
        var result = RootHashSignatureVerifier.Verify(RootHashSigner.Sign(RootHash, key), RootHash, trusted);

        Assert.Equal(2, trusted.Count);
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(key.Certificate.Thumbprint, result.Signer!.Thumbprint);
    }

    [ToolFact("openssl")]
    public void Verify_OpensslSignature_IsAccepted()
    {
        using var dir = new TempDirectory();
        var files = TestKeys.Ec(dir.Path, "signer");
        File.WriteAllText(dir.Combine("roothash"), Convert.ToHexStringLower(RootHash));
        var signature = Openssl.Sign(dir.Combine("roothash"), files, dir.Combine("roothash.p7s"));

        var result = RootHashSignatureVerifier.Verify(signature, RootHash, RootHashSignatureVerifier.LoadCertificates(files.Certificate));

        Assert.True(result.IsValid, result.Problem);
    }

    /// <summary>The signer's certificate inside the signature (systemd-repart's, openssl's without -nocerts) is not trusted for that.</summary>
    [ToolFact("openssl")]
    public void Verify_SignatureCarryingItsCertificate_OnlyTheTrustedCertificateVerifies()
    {
        using var dir = new TempDirectory();
        var files = TestKeys.Rsa(dir.Path, "signer");
        var stranger = TestKeys.Rsa(dir.Path, "stranger");
        File.WriteAllText(dir.Combine("roothash"), Convert.ToHexStringLower(RootHash));
        var signature = Openssl.Sign(dir.Combine("roothash"), files, dir.Combine("roothash.p7s"), carryCertificate: true);

        Assert.False(RootHashSignatureVerifier.Verify(signature, RootHash, RootHashSignatureVerifier.LoadCertificates(stranger.Certificate)).IsValid);
        Assert.True(RootHashSignatureVerifier.Verify(signature, RootHash, RootHashSignatureVerifier.LoadCertificates(files.Certificate)).IsValid);
    }

    [Fact]
    public void Verify_Garbage_IsRejectedNotThrown()
    {
        using var dir = new TempDirectory();
        var files = TestKeys.Rsa(dir.Path, "signer");

        var result = RootHashSignatureVerifier.Verify([0x30, 0x03, 0x02, 0x01, 0x00], RootHash, RootHashSignatureVerifier.LoadCertificates(files.Certificate));

        Assert.False(result.IsValid);
        Assert.Contains("PKCS#7", result.Problem);
    }
}
