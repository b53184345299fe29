namespace Squashfs.Interop;

/// <summary>What lstat says of a host file. <see cref="Mode"/> holds the type bits (S_IFMT) and the permissions.</summary>
public readonly record struct FileStatus(ushort Mode, uint LinkCount, uint Uid, uint Gid, ulong Inode, long Size, long ModificationTime, uint DeviceMajor, uint DeviceMinor, ulong FileSystemDevice)
{
    private const ushort TypeMask = 0xF000;

    public ushort Type => (ushort)(Mode & TypeMask);

    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);

    public bool IsDirectory => Type == 0x4000;
    public bool IsRegular => Type == 0x8000;
    public bool IsSymlink => Type == 0xA000;
    public bool IsFifo => Type == 0x1000;
    public bool IsCharacterDevice => Type == 0x2000;
    public bool IsBlockDevice => Type == 0x6000;
    public bool IsSocket => Type == 0xC000;
}
