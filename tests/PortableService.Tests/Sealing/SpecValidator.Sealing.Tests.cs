using PortableService.Spec;
using PortableService.Tests.Robustness;
using PortableService.Validation;

namespace PortableService.Tests.Sealing;

/// <summary>The spec's format, architecture, verity and signing keys: read from JSON and checked before any work (PS18xx).</summary>
public sealed class SpecValidatorSealingTests : IDisposable
{
    private readonly BuildWorkspace _work = new();

    [Fact]
    public void SpecFile_ReadsTheSealingKeys()
    {
        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        var path = _work.SpecWith($$"""
            "verity": true, "privateKey": "keys/signer.key", "certificate": "keys/signer.crt", "format": "ddi", "architecture": "arm64"
            """);
        var read = SpecReader.ReadFile(path);
        Assert.Empty(read.Diagnostics);
        Assert.True(read.Spec.Verity);
        Assert.Equal((key.PrivateKey, key.Certificate), (read.Spec.PrivateKey, read.Spec.Certificate));
        var validated = SpecValidator.ValidateOrThrow(read);
        Assert.Equal(ImageFormat.Ddi, validated.Sealing.Format);
        Assert.Equal("arm64", validated.Sealing.Architecture!.Name);
        Assert.True(validated.Sealing.Signs);
    }

    [Fact]
    public void VerityNotBoolean_IsWrongType()
    {
        var read = SpecReader.ReadFile(_work.SpecWith("\"verity\": \"yes\""));
        Assert.Equal(["PS1006"], read.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Ddi_ImpliesVerity()
    {
        var validated = SpecValidator.ValidateOrThrow(Spec() with { Format = "ddi" });
        Assert.True(validated.Sealing.Verity);
    }

    [Theory]
    [InlineData("tar", null, "PS1801")]
    [InlineData("ddi", "vax", "PS1802")]
    public void UnknownFormatOrArchitecture(string format, string? architecture, string code) =>
        Assert.Equal([code], Codes(Spec() with { Format = format, Architecture = architecture }));

    [Fact]
    public void KeyWithoutCertificate_AndWithoutVerity()
    {
        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        Assert.Equal(["PS1805"], Codes(Spec() with { Verity = true, PrivateKey = key.PrivateKey }));
        Assert.Equal(["PS1808"], Codes(Spec() with { PrivateKey = key.PrivateKey, Certificate = key.Certificate }));
    }

    [Fact]
    public void MissingFiles()
    {
        Assert.Equal(["PS1803", "PS1804"], Codes(Spec() with { Verity = true, PrivateKey = _work.Combine("no.key"), Certificate = _work.Combine("no.crt") }));
    }

    [Fact]
    public void PemCertificateWithoutKey_OrKeyOfAnotherCertificate()
    {
        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        var other = TestKeys.Rsa(_work.Combine("keys"), "other");
        Assert.Equal(["PS1806"], Codes(Spec() with { Verity = true, Certificate = key.Certificate }));
        Assert.Equal(["PS1807"], Codes(Spec() with { Verity = true, Certificate = key.Certificate, PrivateKey = other.PrivateKey }));
    }

    [Fact]
    public void Pkcs12Certificate_SignsWithoutKey()
    {
        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(key.Certificate, key.PrivateKey);
        var p12 = _work.Combine("keys/signer.p12");
        File.WriteAllBytes(p12, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12));
        Assert.Empty(Codes(Spec() with { Verity = true, Certificate = p12 }));
    }

    [Fact]
    public void EcKey_WarnsThatSignaturesDiffer()
    {
        var key = TestKeys.Ec(_work.Combine("keys"), "signer");
        var diagnostics = SpecValidator.Validate(Spec() with { Verity = true, Certificate = key.Certificate, PrivateKey = key.PrivateKey });
        Assert.Equal([("PS1809", Diagnostics.DiagnosticSeverity.Warning)], diagnostics.Select(d => (d.Code, d.Severity)));
    }

    [Fact]
    public void Cli_NamesTheOptions()
    {
        var key = TestKeys.Rsa(_work.Combine("keys"), "signer");
        _work.SpecWith();
        var result = _work.Build("--private-key", key.PrivateKey, "--certificate", key.Certificate);
        _work.AssertFails(result, "error PS1808: --private-key signs the verity root hash, but $.verity is not set: add \"verity\": true, or use \"format\": \"ddi\", which always has verity.");
    }

    private PortableServiceSpec Spec() => new("foo", "1", [UnitSource.FromFile(_work.Combine("foo.service"))]);

    private static string[] Codes(PortableServiceSpec spec) => [.. SpecValidator.Validate(spec).Select(d => d.Code)];

    public void Dispose() => _work.Dispose();
}
