using System.Runtime.Versioning;
using PortableService.Inspection;
using Squashfs;
using Squashfs.Reading;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>
/// Host files as contents: /usr/bin/perl and perl-base's module directory. Our builder must bring what the spec does
/// not name (the ELF loader, libc, libm, libcrypt; the XS modules' libraries), and perl must run from the image:
/// load an XS module (POSIX.so, dlopen()ed), see the image's os-release, not the container's files.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachHostFilesTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private SystemdContainer Container => fixture.Container;

    [Fact]
    public void AttachStart_HostPerlWithXsModule_RunsFromTheImageWithTheLibrariesTheClosureBrought()
    {
        var built = fixture.Build(PerlSpec(Path.Join(fixture.SourcesDirectory, "perlhost")));
        output.WriteLine($"built {built.Path} in {built.Elapsed.TotalSeconds:0.00} s: {built.Size} bytes, {built.Files} files, {built.ClosureItems} closure items");
        Assert.Equal(PerlImageName + ".raw", Path.GetFileName(built.Path));

        using (var reader = SquashfsReader.Open(built.Path))
        {
            // Named nowhere in the spec: the closure found them from perl's and the modules' ELF headers.
            foreach (var path in new[]
                     {
                         "/lib64/ld-linux-x86-64.so.2", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6",
                         "/usr/lib/x86_64-linux-gnu/libcrypt.so.1", PerlModules + "/auto/POSIX/POSIX.so", PerlModules + "/POSIX.pm",
                     })
            {
                Assert.True(reader.Resolve(path) is { Kind: SquashfsEntryKind.File }, $"{path} is not in the image");
            }
        }

        var report = ImageInspector.Inspect(built.Path);
        Assert.False(report.HasErrors, string.Join(Environment.NewLine, report.Findings));
        Assert.Equal(["perlhost.service"], report.Units.Select(u => u.Name));

        // The container (where portabled runs) has these; the service must not see them.
        Assert.True(Container.Run("test", "-e", "/etc/debian_version").Succeeded, "the container has no /etc/debian_version to hide");
        var image = fixture.ImagePath(built);
        try
        {
            Container.Run("portablectl", "attach", image).EnsureSuccess();
            var cursor = Container.JournalCursor();
            Container.Run("systemctl", "start", "perlhost.service").EnsureSuccess();
            var lines = Container.WaitForUnitJournal("perlhost.service", cursor, l => l.Contains("done"));
            output.WriteLine("perlhost.service logged:" + Environment.NewLine + string.Join(Environment.NewLine, lines));

            Assert.DoesNotContain(lines, l => l.StartsWith("perl: warning", StringComparison.Ordinal));
            Assert.Equal("uname: Linux", lines[0]);
            Assert.Equal("os-release: IMAGE_ID=\"perlhost\"", lines[1]);
            Assert.Equal("debian_version: absent", lines[2]);
            var mapped = lines.Where(l => l.StartsWith("mapped: ", StringComparison.Ordinal)).Select(l => l["mapped: ".Length..]).ToList();
            Assert.Contains("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", mapped);
            Assert.Contains("/usr/lib/x86_64-linux-gnu/libc.so.6", mapped);
            Assert.Contains("/usr/lib/x86_64-linux-gnu/libcrypt.so.1.1.0", mapped);
            Assert.Contains(PerlModules + "/auto/POSIX/POSIX.so", mapped);
            Assert.Equal("Result=success", Container.Run("systemctl", "show", "-p", "Result", "perlhost.service").EnsureSuccess().StandardOutput.Trim());

            Container.Run("portablectl", "detach", PerlImageName).EnsureSuccess();
            Assert.False(Container.Run("systemctl", "cat", "perlhost.service").Succeeded);
        }
        finally
        {
            fixture.EnsureDetached(PerlImageName);
        }
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachHostFilesTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachHostFilesTests(fixture, output);
}
