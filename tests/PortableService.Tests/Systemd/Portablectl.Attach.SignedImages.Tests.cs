using System.Runtime.Versioning;
using PortableService.Inspection;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>
/// The seed's hello example built by our builder with dm-verity, as a DDI and as a naked image with sidecars, signed
/// with a certificate the container trusts (<c>/etc/verity.d/</c>), with another one, with a damaged signature, or
/// not at all. portabled attaches every one (it reads images without verity). The machines' kernel has no
/// device-mapper, so a start that needs verity cannot complete: the test follows PID 1 (systemd-executor on 257) in
/// the journal, at debug level, to the point where it asks the kernel for the verity device named after our root hash,
/// after checking our signature in userspace: accepted with the trusted certificate, refused otherwise.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachSignedImagesTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private const string TrustedCertificate = "/etc/verity.d/signer.crt";

    private SystemdContainer Container => fixture.Container;

    public enum Signature
    {
        /// <summary>Signed with the key of the certificate in /etc/verity.d/.</summary>
        Trusted,

        /// <summary>Signed with a key whose certificate the container does not have.</summary>
        Untrusted,

        /// <summary>The trusted signature with one byte of the RSA signature flipped.</summary>
        Tampered,

        /// <summary>Hash tree and root hash, no signature.</summary>
        Unsigned,
    }

    /// <summary>What systemd logs after the kernel refused the signed activation (no device-mapper), per signature.</summary>
    private static string? UserspaceValidation(Signature signature) => signature switch
    {
        Signature.Trusted => "Userspace PKCS#7 validation succeeded.",
        Signature.Untrusted => "Userspace PKCS#7 validation failed: error:10800080:PKCS7 routines::signer certificate not found",
        Signature.Tampered => "Userspace PKCS#7 validation failed: error:0200008A:rsa routines::invalid padding",
        _ => null,
    };

    public static TheoryData<string, Signature> Cases => new()
    {
        { "ddi", Signature.Trusted },
        { "squashfs", Signature.Trusted },
        { "ddi", Signature.Untrusted },
        { "squashfs", Signature.Untrusted },
        { "squashfs", Signature.Tampered },
        { "squashfs", Signature.Unsigned },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AttachStart_VerityImage_AttachesAndStartReachesDmVerityWithOurRootHash(string format, Signature signature)
    {
        var (image, rootHash) = BuildImage(format, signature);
        var containerImage = fixture.ImagePath(image);
        var previousLevel = Container.Run("systemctl", "log-level").EnsureSuccess().StandardOutput.Trim();
        try
        {
            TrustSigner();
            var attach = Container.Run("portablectl", "attach", containerImage).EnsureSuccess();
            output.WriteLine(attach.ToString());
            Assert.Contains($"Created symlink /etc/portables/{HelloImageName}.raw → {containerImage}.", attach.StandardOutput + attach.StandardError, StringComparison.Ordinal);

            // "Userspace PKCS#7 validation succeeded." is a debug line (of PID 1 on 252, of systemd-executor on 257).
            Container.Run("systemctl", "log-level", "debug").EnsureSuccess();
            var cursor = Container.JournalCursor();
            var start = Container.Run("systemctl", "start", "hello");
            Assert.False(start.Succeeded, "hello.service started though the kernel has no device-mapper: " + start);

            var activationFailed = $"Failed to activate verity device /dev/mapper/{rootHash}-verity: Operation not supported";
            var journal = Container.WaitForJournalSince(cursor, lines => lines.Any(l => l.Contains("status=226/NAMESPACE", StringComparison.Ordinal))).ToList();
            output.WriteLine(string.Join(Environment.NewLine, journal.Where(IsAboutVerity)));

            Assert.Contains(activationFailed, journal);
            Assert.Contains(journal, l => l.EndsWith("hello.service: Failed at step NAMESPACE spawning /usr/bin/echo: Operation not supported", StringComparison.Ordinal));
            Assert.Contains("hello.service: Main process exited, code=exited, status=226/NAMESPACE", journal);
            Assert.DoesNotContain(journal, l => l.Contains(HelloGreeting, StringComparison.Ordinal));

            const string KernelRefused = "Validation of dm-verity signature failed via the kernel, trying userspace validation instead: Operation not supported";
            const string Refusal = "Activation of signed Verity volume worked neither via the kernel nor in userspace, can't activate.";
            if (UserspaceValidation(signature) is { } validation)
            {
                // Signed: the kernel is asked first (with the signature), then systemd checks it against /etc/verity.d itself.
                Assert.Equal([KernelRefused, validation], journal.Where(l => l.StartsWith("Validation of dm-verity", StringComparison.Ordinal) || l.StartsWith("Userspace PKCS#7", StringComparison.Ordinal)));
                Assert.True(journal.IndexOf(validation) < journal.IndexOf(activationFailed), "the signature was checked after the activation failed");
                Assert.Equal(signature != Signature.Trusted, journal.Contains(Refusal));
            }
            else
            {
                Assert.DoesNotContain(journal, l => l.Contains("PKCS#7", StringComparison.Ordinal) || l.Contains("dm-verity signature", StringComparison.Ordinal));
            }

            // Our inspector agrees: signed by the trusted certificate, or not.
            var report = ImageInspector.Inspect(image, new InspectionOptions { Certificate = Path.Join(fixture.ImagesDirectory, "keys", "signer.crt") });
            Assert.Equal(signature == Signature.Trusted ? ImageProtection.Signed : ImageProtection.Verity, report.Verification?.Protection);
            Assert.Equal(signature is Signature.Untrusted or Signature.Tampered, report.Findings.Any(f => f.Code == InspectionCodes.SignatureInvalid));
        }
        finally
        {
            Container.Run("systemctl", "log-level", previousLevel);
            fixture.EnsureDetached(HelloImageName);
            fixture.ResetFailed("hello.service");
            Container.Run("rm", "-f", TrustedCertificate);
        }
    }

    /// <summary>
    /// A DDI with a hash tree but no signature (and no <c>.roothash</c> beside it): systemd has no root hash to set up
    /// verity with, so it mounts the root partition as it is and the service runs.
    /// </summary>
    [Fact]
    public void AttachStart_UnsignedVerityDdi_StartsWithoutVerityAndLogsHello()
    {
        var (image, _) = BuildImage("ddi", Signature.Unsigned);
        try
        {
            Container.Run("portablectl", "attach", fixture.ImagePath(image)).EnsureSuccess();
            var cursor = Container.JournalCursor();
            Container.Run("systemctl", "start", "hello").EnsureSuccess();
            Container.WaitForUnitJournal("hello.service", cursor, l => l.Contains(HelloGreeting));
            Assert.Equal("Result=success", Container.Run("systemctl", "show", "-p", "Result", "hello.service").EnsureSuccess().StandardOutput.Trim());
            Assert.DoesNotContain(Container.ReadJournalSince(cursor), l => l.Contains("verity device", StringComparison.Ordinal));
        }
        finally
        {
            fixture.EnsureDetached(HelloImageName);
        }
    }

    private (string Image, string RootHash) BuildImage(string format, Signature signature)
    {
        var keys = Path.Join(fixture.ImagesDirectory, "keys");
        var signer = TestKeys.Rsa(keys, "signer");
        var key = signature switch
        {
            Signature.Trusted or Signature.Tampered => signer,
            Signature.Untrusted => TestKeys.Rsa(keys, "stranger"),
            _ => null,
        };
        var built = SignedImages.Build(fixture, $"signed/{format}-{signature}".ToLowerInvariant(), format, key);
        if (signature == Signature.Tampered)
        {
            // The RSA signature is the last field of the PKCS#7 structure.
            var p7s = Path.ChangeExtension(built.Path, ".roothash.p7s");
            var bytes = File.ReadAllBytes(p7s);
            bytes[^5] ^= 0xff;
            File.WriteAllBytes(p7s, bytes);
        }

        var rootHash = ImageInspector.Inspect(built.Path, new InspectionOptions { Certificate = signer.Certificate }).Verification?.RootHash;
        Assert.NotNull(rootHash);
        return (built.Path, rootHash);
    }

    private void TrustSigner()
    {
        Container.Run("mkdir", "-p", "/etc/verity.d").EnsureSuccess();
        Container.Run("cp", fixture.ImagePath(Path.Join(fixture.ImagesDirectory, "keys", "signer.crt")), TrustedCertificate).EnsureSuccess();
    }

    private static bool IsAboutVerity(string line) =>
        line.Contains("verity", StringComparison.OrdinalIgnoreCase) || line.Contains("PKCS#7", StringComparison.Ordinal) || line.Contains("NAMESPACE", StringComparison.Ordinal);

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachSignedImagesTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachSignedImagesTests(fixture, output);
}
