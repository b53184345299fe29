using System.Runtime.Versioning;
using PortableService.Building;

namespace PortableService.Tests.Systemd;

/// <summary>The seed's hello example built by our builder with dm-verity, signed or not, as a DDI or with sidecars.</summary>
[SupportedOSPlatform("linux")]
public static class SignedImages
{
    public static BuiltImage Build(SystemdContainerFixture fixture, string subdirectory, string format, TestKeys.KeyFiles? signer)
    {
        var spec = BuiltImages.HelloSpec() with
        {
            Verity = true,
            Format = format,
            PrivateKey = signer?.PrivateKey,
            Certificate = signer?.Certificate,
        };
        return fixture.Build(spec, subdirectory);
    }
}
