namespace PortableService.TestSupport;

/// <summary>A read-only loop mount of an image through the kernel's squashfs driver; unmounted on dispose.</summary>
public sealed class LoopMount : IDisposable
{
    public LoopMount(string image, string mountPoint)
    {
        Directory.CreateDirectory(mountPoint);
        ExternalTool.RunChecked("mount", "-o", "loop,ro", "-t", "squashfs", image, mountPoint);
        Path = mountPoint;
    }

    public string Path { get; }

    public void Dispose() => ExternalTool.Run("umount", "-d", Path);
}
