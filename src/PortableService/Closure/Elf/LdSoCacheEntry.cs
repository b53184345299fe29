namespace PortableService.Closure.Elf;

/// <summary>One library in <c>/etc/ld.so.cache</c>: its soname, flags (type and ABI), path and hwcap bits.</summary>
internal sealed record LdSoCacheEntry(string Name, int Flags, string Path, ulong HwCap)
{
    /// <summary>glibc 2.33+: the hwcap field indexes a <c>glibc-hwcaps</c> subdirectory when bit 62 is set.</summary>
    private const ulong HwCapExtension = 1UL << 62;

    /// <summary>True for the baseline library (not one built for a particular CPU level).</summary>
    public bool IsBaseline => HwCap == 0;

    public bool IsGlibcHwCapsSubdirectory => (HwCap & HwCapExtension) != 0;
}
