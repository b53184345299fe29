namespace Squashfs.Compression;

/// <summary>The xz -Xbcj filter set, with the bits mksquashfs stores in the xz options block.</summary>
[Flags]
internal enum XzFilters : uint
{
    None = 0,
    X86 = 1 << 0,
    PowerPC = 1 << 1,
    IA64 = 1 << 2,
    Arm = 1 << 3,
    ArmThumb = 1 << 4,
    Sparc = 1 << 5,
    All = X86 | PowerPC | IA64 | Arm | ArmThumb | Sparc,
}
