using PortableService.Closure;
using PortableService.DotNet;
using PortableService.Spec;
using PortableService.Systemd;
using Squashfs.Caching;

namespace PortableService.Building;

/// <summary>How a build runs, beyond what the spec says.</summary>
public sealed record BuildOptions
{
    /// <summary>Timestamp of every inode and of the image; null reads SOURCE_DATE_EPOCH (default 0, as nixpkgs).</summary>
    public uint? SourceDateEpoch { get; init; }

    /// <summary>Threads compressing blocks; the image does not depend on it.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public ClosureOptions Closure { get; init; } = new();

    /// <summary>
    /// When set, what the profile checks find wrong (a service that would not start under the spec's profile) stops
    /// the build; otherwise it is reported as warnings.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>How long an external mksquashfs may run before it is killed and the build fails (PS3021).</summary>
    public TimeSpan ExternalToolTimeLimit { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Compressed blocks kept between builds (<see cref="DefaultBlockCache"/> is the CLI's); null compresses every block.</summary>
    public BlockCache? BlockCache { get; init; }

    /// <summary>How .NET apps among the contents get what their runtime loads at run time.</summary>
    public DotNetOptions DotNet { get; init; } = new();

    /// <summary>The os-release identity for images of host files; null reads the building host's os-release.</summary>
    public OsReleaseIdentity? HostIdentity { get; init; }
}
