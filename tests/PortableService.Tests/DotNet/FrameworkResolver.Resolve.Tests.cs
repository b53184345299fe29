using PortableService.DotNet;

namespace PortableService.Tests.DotNet;

public sealed class FrameworkResolverResolveTests
{
    private static readonly FrameworkVersion[] s_installed = [.. new[] { "8.0.5", "8.0.11", "9.0.1", "10.0.0-rc.2", "10.0.12" }.Select(v => FrameworkVersion.TryParse(v)!)];

    [Theory]
    [InlineData("8.0.0", RollForwardPolicy.Minor, "8.0.11")]
    [InlineData("8.1.0", RollForwardPolicy.Minor, null)]
    [InlineData("8.0.0", RollForwardPolicy.LatestPatch, "8.0.11")]
    [InlineData("8.0.0", RollForwardPolicy.Major, "8.0.11")]
    [InlineData("8.1.0", RollForwardPolicy.Major, "9.0.1")]
    [InlineData("8.0.0", RollForwardPolicy.LatestMajor, "10.0.12")]
    [InlineData("8.0.5", RollForwardPolicy.Disable, "8.0.5")]
    [InlineData("8.0.6", RollForwardPolicy.Disable, null)]
    [InlineData("10.0.0", RollForwardPolicy.Minor, "10.0.12")]
    [InlineData("10.0.0-rc.1", RollForwardPolicy.LatestPatch, "10.0.12")]
    public void PicksWhatTheHostWould(string requested, RollForwardPolicy policy, string? expected)
    {
        var chosen = FrameworkResolver.Resolve(FrameworkVersion.TryParse(requested)!, policy, s_installed);
        Assert.Equal(expected, chosen?.ToString());
    }
}
