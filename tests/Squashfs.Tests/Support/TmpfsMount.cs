namespace Squashfs.Tests.Support;

/// <summary>A small tmpfs mount, to give a test a file system that fills up or turns read-only; unmounted on dispose.</summary>
public sealed class TmpfsMount : IDisposable
{
    public TmpfsMount(string mountPoint, string size)
    {
        Directory.CreateDirectory(mountPoint);
        ExternalTool.RunChecked("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", mountPoint);
        Path = mountPoint;
    }

    public string Path { get; }

    public void RemountReadOnly() => ExternalTool.RunChecked("mount", "-o", "remount,ro", Path);

    public void Dispose() => ExternalTool.Run("umount", Path);
}
