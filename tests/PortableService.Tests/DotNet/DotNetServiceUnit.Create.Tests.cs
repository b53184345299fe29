using PortableService.DotNet;

namespace PortableService.Tests.DotNet;

/// <summary>The unit a .NET app gets when none is given: listening address, unix socket, and socket activation.</summary>
public sealed class DotNetServiceUnitCreateTests
{
    private static readonly DotNetApp Web = new()
    {
        Name = "web",
        Kind = DotNetAppKind.NativeAot,
        HostDirectory = "/tmp/web",
        Executable = "web",
        IsAspNetCore = true,
    };

    [Fact]
    public void AspNetCore_ListensWhereUrlsSay()
    {
        var text = DotNetServiceUnit.Create("web", Web, "/opt/web").Text;
        Assert.Contains("ExecStart=/opt/web/web\n", text, StringComparison.Ordinal);
        Assert.Contains("Environment=ASPNETCORE_URLS=http://0.0.0.0:8080\n", text, StringComparison.Ordinal);
        Assert.Contains("WantedBy=multi-user.target", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RuntimeDirectory=", text, StringComparison.Ordinal);
    }

    [Fact]
    public void UnixSocketUnderRun_GetsItsRuntimeDirectory()
    {
        var text = DotNetServiceUnit.Create("web", Web, "/opt/web", new DotNetServiceUnitOptions { Urls = "http://unix:/run/web/web.sock" }).Text;
        Assert.Contains("RuntimeDirectory=web\n", text, StringComparison.Ordinal);
        Assert.Contains("Environment=ASPNETCORE_URLS=http://unix:/run/web/web.sock\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SocketActivated_TheServiceNeedsItsSocketAndTheSocketListens()
    {
        var service = DotNetServiceUnit.Create("web", Web, "/opt/web", new DotNetServiceUnitOptions { Socket = "/run/web.sock" }).Text;
        Assert.Contains("Requires=web.socket\nAfter=web.socket\n", service, StringComparison.Ordinal);
        Assert.DoesNotContain("ASPNETCORE_URLS", service, StringComparison.Ordinal);
        Assert.DoesNotContain("[Install]", service, StringComparison.Ordinal);

        var socket = DotNetServiceUnit.CreateSocket("web", "/run/web.sock");
        Assert.Equal("web.socket", socket.Name);
        Assert.Contains("[Socket]\nListenStream=/run/web.sock\n", socket.Text, StringComparison.Ordinal);
        Assert.Contains("WantedBy=sockets.target", socket.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8080", true)]
    [InlineData("127.0.0.1:8080", true)]
    [InlineData("[::1]:8080", true)]
    [InlineData("/run/web.sock", true)]
    [InlineData("0", false)]
    [InlineData("65536", false)]
    [InlineData("localhost:8080", false)]
    [InlineData("run/web.sock", false)]
    [InlineData("8080 9090", false)]
    [InlineData("", false)]
    public void IsListenStream_TakesPortsAddressesAndSocketPaths(string value, bool expected) =>
        Assert.Equal(expected, DotNetServiceUnit.IsListenStream(value));

    [Fact]
    public void CreateSocket_RefusesWhatListenStreamWouldNotTake() =>
        Assert.Throws<ArgumentException>(() => DotNetServiceUnit.CreateSocket("web", "localhost:8080"));
}
