using System.Runtime.Versioning;
using Xunit.Abstractions;
using static PortableService.Tests.Systemd.BuiltImages;

namespace PortableService.Tests.Systemd;

/// <summary>Each of portabled's profiles (Debian 12, systemd 252) applied to the seed's hello example built by our builder.</summary>
[Collection(SystemdCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class PortablectlAttachProfileTests(SystemdContainerFixture fixture, ITestOutputHelper output)
{
    private SystemdContainer Container => fixture.Container;

    // What `systemctl show` prints for the profile's settings (list values compared as sets).
    public static TheoryData<string, string[]> Profiles => new()
    {
        {
            "default",
            ["DynamicUser=yes", "PrivateNetwork=no", "ProtectSystem=strict", "PrivateUsers=yes",
             "RestrictAddressFamilies=AF_INET AF_INET6 AF_NETLINK AF_UNIX", "IPAddressDeny="]
        },
        {
            "nonetwork",
            ["DynamicUser=yes", "PrivateNetwork=yes", "RestrictAddressFamilies=AF_NETLINK AF_UNIX",
             "IPAddressDeny=::/0 0.0.0.0/0"]
        },
        {
            "strict",
            ["DynamicUser=yes", "PrivateNetwork=yes", "NoNewPrivileges=yes", "TasksMax=4", "CapabilityBoundingSet=",
             "RestrictAddressFamilies=AF_UNIX", "IPAddressDeny=::/0 0.0.0.0/0"]
        },
        { "trusted", ["DynamicUser=no", "PrivateNetwork=no", "PrivateUsers=no", "PrivateTmp=yes", "ProtectSystem=no"] },
    };

    /// <summary>NAME=V1 V2 as the name and its words, sorted: systemd prints some lists in no fixed order.</summary>
    private static (string Name, string[] Values) Property(string line)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        return (line[..equals], line[(equals + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Attach_OurHelloImageWithProfile_AppliesProfileAndServiceRuns(string profile, string[] expectedProperties)
    {
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
}
