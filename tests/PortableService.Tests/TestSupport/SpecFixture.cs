using PortableService.Spec;

namespace PortableService.Tests.TestSupport;

/// <summary>A temp directory holding a valid unit file, and a valid spec that uses it.</summary>
public sealed class SpecFixture : IDisposable
{
    public const string UnitText = "[Unit]\nDescription=Hello world service\n\n[Service]\nType=oneshot\nExecStart=/bin/true\n";

    public SpecFixture()
    {
        UnitPath = Directory.Write("hello.service", UnitText);
        Payload = Directory.Write("payload/bin/hello", "#!/bin/sh\necho hello\n");
    }

    public TempDirectory Directory { get; } = new();

    public string UnitPath { get; }

    /// <summary>An existing regular file usable as a symlink object or content source.</summary>
    public string Payload { get; }

    public PortableServiceSpec Spec() => new("hello", "2.12.1", [UnitSource.FromFile(UnitPath)]);

    public void Dispose() => Directory.Dispose();
}
