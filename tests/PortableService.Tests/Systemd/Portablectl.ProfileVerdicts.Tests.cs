using System.Runtime.Versioning;
using PortableService.Diagnostics;
using PortableService.Inspection;
using PortableService.Systemd;
using Xunit.Abstractions;

namespace PortableService.Tests.Systemd;

/// <summary>
/// Evidence, not belief: for each image of <see cref="ProfileVerdictImages"/> and each standard profile, our
/// `inspect --profile` says the service starts exactly when real systemd (252 and 257) starts it and it logs its line.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlProfileVerdictsTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var image in ProfileVerdictImages.Names)
        {
            foreach (var profile in PortableProfile.StandardNames)
            {
                data.Add(image, profile);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InspectVerdict_EqualsWhatSystemdDoes(string imageName, string profile)
    {
        var built = ProfileVerdictImages.Get(fixture, imageName);
        var report = ImageInspector.Inspect(built.Path, new InspectionOptions { Profile = PortableProfile.Find(profile, fixture.SystemdVersion) });
        var errors = report.Findings.Where(f => f.Severity == DiagnosticSeverity.Error).ToList();
        output.WriteLine($"inspect --profile {profile} --systemd {fixture.SystemdVersion}: {(errors.Count == 0 ? "starts" : string.Join(" | ", errors.Select(e => $"{e.Code} {e.Message}")))}");

        var (started, journal) = Run(fixture.ImagePath(built), Path.GetFileNameWithoutExtension(built.Path), profile);
        output.WriteLine($"systemd {fixture.SystemdVersion} --profile {profile}: {(started ? "started and logged" : "did not")}\n{journal}");
        Assert.Equal(started, errors.Count == 0);
    }

    /// <summary>Attaches, starts the oneshot service, and tells whether it succeeded and logged its line.</summary>
    private (bool Started, string Journal) Run(string image, string imageName, string profile)
    {
        var container = fixture.Container;
        try
        {
            container.Run("portablectl", "attach", "--profile", profile, image).EnsureSuccess();
            var cursor = container.JournalCursor();
            // A oneshot service: start returns when it has run, succeeded or not.
            var start = container.Run("systemctl", "start", "verdict.service");
            var lines = start.Succeeded
                ? container.WaitForUnitJournal("verdict.service", cursor, l => l.Any(x => x.Contains(ProfileVerdictImages.Line, StringComparison.Ordinal)))
                : container.ReadUnitJournal("verdict.service", cursor);
            var result = container.Run("systemctl", "show", "-p", "Result", "verdict.service").StandardOutput.Trim();
            var started = start.Succeeded && result == "Result=success" && lines.Any(l => l.Contains(ProfileVerdictImages.Line));
            return (started, string.Join(Environment.NewLine, lines) + Environment.NewLine + result);
        }
        finally
        {
            fixture.ResetFailed("verdict.service");
            fixture.EnsureDetached(imageName);
        }
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlProfileVerdictsTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlProfileVerdictsTests(fixture, output);
}
