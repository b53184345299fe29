namespace PortableService.Tests.Systemd;

/// <summary>How to boot a <see cref="SystemdContainer"/>.</summary>
public sealed record SystemdContainerOptions
{
    /// <summary>Image files bound read-only at <see cref="SystemdContainer.ImageDirectory"/>/FILE-NAME.</summary>
    public IReadOnlyList<string> ImagesToBind { get; init; } = [];

    /// <summary>Other host paths to bind into the container.</summary>
    public IReadOnlyList<SystemdContainerBind> Binds { get; init; } = [];

    /// <summary>The systemd version to boot: its cached root (unless <see cref="RootDirectory"/> is set) and its nspawn quirks.</summary>
    public SystemdRelease Release { get; init; } = SystemdRelease.Systemd252;

    /// <summary>The container root; default: <see cref="RootfsCache.GetOrCreate(SystemdRelease)"/> of <see cref="Release"/>. Never written to (--volatile=overlay).</summary>
    public string? RootDirectory { get; init; }

    /// <summary>Until systemd inside reports running or degraded.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Default limit for <see cref="SystemdContainer.Run(string[])"/>.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Loop device nodes /dev/loop0../dev/loop(N-1) created inside (the container's /dev has none, and
    /// the kernel may hand out any free number through the bound /dev/loop-control).
    /// </summary>
    public int LoopDeviceNodes { get; init; } = 256;
}

/// <summary>A bind mount: host path to container path.</summary>
public sealed record SystemdContainerBind(string HostPath, string ContainerPath, bool ReadOnly = true);
