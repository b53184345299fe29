using System.Runtime.Versioning;
using PortableService.Diagnostics;
using PortableService.Inspection;
using PortableService.Spec;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>
/// DDIs made by systemd 257's own <c>systemd-repart --make-ddi=portable</c> (Debian 13, run in the trixie container:
/// 252's repart has no --make-ddi) from the tree of our hello image, signed with a key and certificate: our inspect
/// reads their partition table, recomputes the hash tree and checks the signature. repart's stock definitions format
/// the root as erofs, which we do not read (PS4025, a warning); with the same definitions set to squashfs (in
/// /etc/systemd/repart/definitions/, which repart reads before its own) inspect reads the whole image.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(SystemdCollection.Systemd257)]
public sealed class SystemdRepartDdiTests(Systemd257Fixture fixture, ITestOutputHelper output)
{
    private const string Work = "/var/tmp/repart";

    private SystemdContainer Container => fixture.Container;

    [Theory]
    [InlineData("erofs")]
    [InlineData("squashfs")]
    public void Inspect_SignedRepartDdi_VerifiesHashTreeAndSignature(string fileSystem)
    {
        var signer = TestKeys.Rsa(Path.Join(fixture.ImagesDirectory, "keys"), "repart-signer");
        var image = MakeDdi(fileSystem, signer);

        var report = ImageInspector.Inspect(image, new InspectionOptions { Certificate = signer.Certificate, TrustedDirectories = [] });
        output.WriteLine(string.Join(Environment.NewLine, report.Findings));
        Assert.NotNull(report.Verification);
        Assert.Equal((ImageFormat.Ddi, ImageProtection.Signed, "CN=repart-signer", "x86-64"),
            (report.Verification.Format, report.Verification.Protection, report.Verification.Signer, report.Verification.Architecture));
        Assert.DoesNotContain(report.Findings, f => f.Severity == DiagnosticSeverity.Error);
        if (fileSystem == "erofs")
        {
            Assert.Equal([InspectionCodes.RootNotSquashfs], report.Findings.Select(f => f.Code));
        }
        else
        {
            Assert.Empty(report.Findings);
            Assert.Equal(["hello.service"], report.Units.Select(u => u.Name));
        }

        // A stranger's certificate does not verify repart's signature; one flipped byte of the root file system fails the tree.
        var stranger = TestKeys.Rsa(Path.Join(fixture.ImagesDirectory, "keys"), "repart-stranger");
        var untrusted = ImageInspector.Inspect(image, new InspectionOptions { Certificate = stranger.Certificate, TrustedDirectories = [] });
        Assert.Contains(untrusted.Findings, f => f.Code == InspectionCodes.SignatureInvalid);
        var rootOffset = report.Verification.RootOffset!.Value;
        using (var file = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = rootOffset + 4096 + 7;
            var value = file.ReadByte();
            file.Position = rootOffset + 4096 + 7;
            file.WriteByte((byte)~value);
        }

        var tampered = ImageInspector.Inspect(image, new InspectionOptions { Certificate = signer.Certificate, TrustedDirectories = [] });
        Assert.Contains(tampered.Findings, f => f.Code == InspectionCodes.VerityMismatch && f.Message.Contains("data block 1 ", StringComparison.Ordinal));
    }

    /// <summary>Runs systemd-repart in the container on our hello image's tree; returns a host copy of the DDI.</summary>
    private string MakeDdi(string fileSystem, TestKeys.KeyFiles signer)
    {
        var definitions = fileSystem == "squashfs"
            ? "d=/etc/systemd/repart/definitions/portable.repart.d && mkdir -p $d && cp /usr/lib/systemd/repart/definitions/portable.repart.d/*.conf $d/ "
              + "&& sed -i 's/^Format=erofs$/Format=squashfs/' $d/10-root.conf && grep -q '^Format=squashfs$' $d/10-root.conf && "
            : "rm -rf /etc/systemd/repart/definitions && ";
        var ddi = $"{Work}/{fileSystem}/{HelloImageName}.raw";
        var script = $"set -e; rm -rf {Work}/{fileSystem}; mkdir -p {Work}/{fileSystem}; {definitions}"
            + $"unsquashfs -q -no-xattrs -d {Work}/{fileSystem}/tree {fixture.ImagePath(fixture.HelloImage)} >/dev/null && "
            + $"systemd-repart --make-ddi=portable --copy-source={Work}/{fileSystem}/tree --private-key={fixture.ImagePath(signer.PrivateKey)} "
            + $"--certificate={fixture.ImagePath(signer.Certificate)} --json=off {ddi}; rm -rf /etc/systemd/repart/definitions";
        var result = Container.RunShell(script, TimeSpan.FromMinutes(3));
        output.WriteLine(result.ToString());
        result.EnsureSuccess();
        output.WriteLine(Container.Run("systemd-dissect", "--no-pager", ddi).ToString());

        // The container's files, seen from the host through its PID 1's root.
        var copy = Path.Join(fixture.ImagesDirectory, "repart", fileSystem, HelloImageName + ".raw");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy($"/proc/{Container.LeaderPid}/root{ddi}", copy, overwrite: true);
        return copy;
    }
}
