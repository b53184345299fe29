using System.Text;
using PortableService.DotNet;

namespace PortableService.Tests.DotNet;

public sealed class RuntimeConfigParseTests
{
    [Fact]
    public void ReadsFrameworksPolicyAndInvariantGlobalization()
    {
        var config = RuntimeConfig.Parse(Encoding.UTF8.GetBytes("""
            { "runtimeOptions": { "rollForward": "LatestMinor",
              "frameworks": [ { "name": "Microsoft.NETCore.App", "version": "10.0.0" }, { "name": "Microsoft.AspNetCore.App", "version": "10.0.0", "rollForward": "Disable" } ],
              "configProperties": { "System.Globalization.Invariant": true } } }
            """));
        Assert.Equal([new FrameworkReference("Microsoft.NETCore.App", "10.0.0", RollForwardPolicy.LatestMinor), new FrameworkReference("Microsoft.AspNetCore.App", "10.0.0", RollForwardPolicy.Disable)], config.Frameworks);
        Assert.True(config.InvariantGlobalization);
        Assert.False(config.SelfContained);
    }

    [Fact]
    public void IncludedFrameworksMeanSelfContained()
    {
        var config = RuntimeConfig.Parse("""{ "runtimeOptions": { "includedFrameworks": [ { "name": "Microsoft.NETCore.App", "version": "10.0.12" } ] } }"""u8);
        Assert.True(config.SelfContained);
        Assert.Empty(config.Frameworks);
        Assert.False(config.InvariantGlobalization);
    }
}
