using System.Runtime.Versioning;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>Each of portabled's profiles (systemd 252 and 257) applied to the seed's hello example built by our builder.</summary>
[SupportedOSPlatform("linux")]
public abstract class PortablectlAttachProfileTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private SystemdContainer Container => fixture.Container;

    public static TheoryData<string> Profiles => new() { "default", "nonetwork", "strict", "trusted" };

    /// <summary>
    /// What `systemctl show` prints for the profile's settings (list values compared as sets). The profile files differ
    /// (252's default, nonetwork and strict set PrivateTmp=yes and bind the log sockets by path; 257's set
    /// BindLogSockets=yes instead and no PrivateTmp=), but `systemctl show` says PrivateTmp=yes on both: on 257
    /// DynamicUser=yes implies it, and trusted sets it itself. 257 shows BindLogSockets=yes under every profile.
    /// </summary>
    public static string[] ExpectedProperties(string profile, int systemdVersion)
    {
        string[] common = profile switch
        {
            "default" =>
            [
                "DynamicUser=yes", "PrivateNetwork=no", "ProtectSystem=strict", "PrivateUsers=yes", "PrivateTmp=yes",
                "RestrictAddressFamilies=AF_INET AF_INET6 AF_NETLINK AF_UNIX", "IPAddressDeny=",
            ],
            "nonetwork" =>
            [
                "DynamicUser=yes", "PrivateNetwork=yes", "PrivateTmp=yes", "RestrictAddressFamilies=AF_NETLINK AF_UNIX",
                "IPAddressDeny=::/0 0.0.0.0/0",
            ],
            "strict" =>
            [
                "DynamicUser=yes", "PrivateNetwork=yes", "NoNewPrivileges=yes", "TasksMax=4", "CapabilityBoundingSet=",
                "PrivateTmp=yes", "RestrictAddressFamilies=AF_UNIX", "IPAddressDeny=::/0 0.0.0.0/0",
            ],
            "trusted" => ["DynamicUser=no", "PrivateNetwork=no", "PrivateUsers=no", "PrivateTmp=yes", "ProtectSystem=no"],
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, null),
        };
        return systemdVersion >= 257 ? [.. common, "BindLogSockets=yes"] : common;
    }

    /// <summary>NAME=V1 V2 as the name and its words, sorted: systemd prints some lists in no fixed order.</summary>
    private static (string Name, string[] Values) Property(string line)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        return (line[..equals], line[(equals + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Attach_OurHelloImageWithProfile_AppliesProfileAndServiceRuns(string profile)
    {
        var expectedProperties = ExpectedProperties(profile, fixture.SystemdVersion);
        var image = fixture.ImagePath(fixture.HelloImage);
        try
        {
            var attach = Container.Run("portablectl", "attach", "--profile", profile, image).EnsureSuccess();
            output.WriteLine(attach.ToString());

            var profileLink = Container.Run("readlink", "/etc/systemd/system.attached/hello.service.d/10-profile.conf").EnsureSuccess();
            Assert.Equal($"/usr/lib/systemd/portable/profile/{profile}/service.conf", profileLink.StandardOutput.Trim());

            var names = expectedProperties.Select(p => p[..p.IndexOf('=')]).ToArray();
            var show = Container.Run(["systemctl", "show", .. names.SelectMany(n => new[] { "-p", n }), "hello.service"]).EnsureSuccess();
            output.WriteLine(show.StandardOutput);
            var actual = show.OutputLines.Select(Property).ToDictionary(p => p.Name, p => p.Values);
            foreach (var (name, values) in expectedProperties.Select(Property))
            {
                Assert.True(actual.TryGetValue(name, out var shown), $"systemctl show printed no {name}");
                Assert.True(values.SequenceEqual(shown), $"{name}: expected '{string.Join(' ', values)}', got '{string.Join(' ', shown!)}'");
            }

            var cursor = Container.JournalCursor();
            Container.Run("systemctl", "start", "hello.service").EnsureSuccess();
            var lines = Container.WaitForUnitJournal("hello.service", cursor, l => l.Contains(HelloGreeting));
            Assert.Equal([HelloGreeting], lines);
            Assert.Equal("Result=success", Container.Run("systemctl", "show", "-p", "Result", "hello.service").EnsureSuccess().StandardOutput.Trim());

            Container.Run("portablectl", "detach", HelloImageName).EnsureSuccess();
            Assert.False(Container.Run("systemctl", "cat", "hello.service").Succeeded);
        }
        finally
        {
            fixture.EnsureDetached(HelloImageName);
        }
    }

    /// <summary>On systemd 252 (Debian 12 bookworm).</summary>
    [Collection(SystemdCollection.Systemd252)]
    public sealed class Systemd252(Systemd252Fixture fixture, ITestOutputHelper output) : PortablectlAttachProfileTests(fixture, output);

    /// <summary>On systemd 257 (Debian 13 trixie).</summary>
    [Collection(SystemdCollection.Systemd257)]
    public sealed class Systemd257(Systemd257Fixture fixture, ITestOutputHelper output) : PortablectlAttachProfileTests(fixture, output);
}
