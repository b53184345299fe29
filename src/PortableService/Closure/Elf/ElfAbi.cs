namespace PortableService.Closure.Elf;

/// <summary>
/// What a library must match to be loaded into a program: word size, byte order and machine, as ld.so checks them.
/// Also knows the architecture's library directories, <c>$LIB</c>, <c>$PLATFORM</c> and <c>ld.so.cache</c> flags.
/// </summary>
internal readonly record struct ElfAbi(ElfClass Class, bool BigEndian, ushort Machine)
{
    // ld.so.cache flag values (glibc's ldconfig.h): the low byte is the library type, the high byte the ABI.
    private const int FlagElfLibc6 = 0x0003;
    private const int FlagX8664Lib64 = 0x0300;
    private const int FlagS390Lib64 = 0x0400;
    private const int FlagPowerPCLib64 = 0x0500;
    private const int FlagX8664LibX32 = 0x0800;
    private const int FlagArmLibHf = 0x0900;
    private const int FlagAArch64Lib64 = 0x0a00;
    private const int FlagArmLibSf = 0x0b00;
    private const int FlagRiscVDouble = 0x1000;
    private const int FlagLoongArchDouble = 0x1200;

    public bool Is64Bit => Class == ElfClass.Elf64;

    /// <summary>True when a library with this ABI can be loaded into a program of <paramref name="other"/>.</summary>
    public bool Matches(ElfAbi other) => Class == other.Class && BigEndian == other.BigEndian && Machine == other.Machine;

    /// <summary>The Debian/Ubuntu multiarch tuple, used for system directories and <c>$LIB</c>; null when unknown.</summary>
    public string? MultiarchTuple => (Machine, Class, BigEndian) switch
    {
        (ElfMachine.X86_64, ElfClass.Elf64, false) => "x86_64-linux-gnu",
        (ElfMachine.X86_64, ElfClass.Elf32, false) => "x86_64-linux-gnux32",
        (ElfMachine.I386, ElfClass.Elf32, false) => "i386-linux-gnu",
        (ElfMachine.AArch64, ElfClass.Elf64, false) => "aarch64-linux-gnu",
        (ElfMachine.Arm, ElfClass.Elf32, false) => "arm-linux-gnueabihf",
        (ElfMachine.PowerPC64, ElfClass.Elf64, false) => "powerpc64le-linux-gnu",
        (ElfMachine.S390, ElfClass.Elf64, true) => "s390x-linux-gnu",
        (ElfMachine.RiscV, ElfClass.Elf64, false) => "riscv64-linux-gnu",
        (ElfMachine.LoongArch, ElfClass.Elf64, false) => "loongarch64-linux-gnu",
        _ => null,
    };

    /// <summary><c>$PLATFORM</c>: what the kernel passes as <c>AT_PLATFORM</c> on this architecture.</summary>
    public string Platform => (Machine, Class) switch
    {
        (ElfMachine.X86_64, _) => "x86_64",
        (ElfMachine.I386, _) => "i686",
        (ElfMachine.AArch64, _) => "aarch64",
        (ElfMachine.Arm, _) => "v7l",
        (ElfMachine.PowerPC64, _) => BigEndian ? "power8" : "power9",
        (ElfMachine.S390, _) => "z900",
        (ElfMachine.RiscV, _) => "riscv64",
        (ElfMachine.LoongArch, _) => "loongarch64",
        _ => "unknown",
    };

    /// <summary>The generic library directory name of this word size (<c>lib64</c> or <c>lib</c>), as upstream glibc uses.</summary>
    public string GenericLibDirectory => Machine == ElfMachine.X86_64 && Class == ElfClass.Elf32 ? "libx32" : Is64Bit ? "lib64" : "lib";

    /// <summary>
    /// True when an <c>ld.so.cache</c> entry with these flags is for this ABI (glibc's <c>_dl_cache_check_flags</c>).
    /// Unknown architectures accept any ELF entry; the file's header decides.
    /// </summary>
    public bool AcceptsCacheFlags(int flags)
    {
        if ((flags & 0xff) != FlagElfLibc6 && (flags & 0xff) != 1)
        {
            return false;
        }

        var abi = flags & 0xff00;
        return (Machine, Class) switch
        {
            (ElfMachine.X86_64, ElfClass.Elf64) => abi == FlagX8664Lib64,
            (ElfMachine.X86_64, ElfClass.Elf32) => abi == FlagX8664LibX32,
            (ElfMachine.I386, _) => abi == 0,
            (ElfMachine.AArch64, _) => abi == FlagAArch64Lib64,
            (ElfMachine.Arm, _) => abi is FlagArmLibHf or FlagArmLibSf or 0,
            (ElfMachine.PowerPC64, _) => abi == FlagPowerPCLib64,
            (ElfMachine.S390, ElfClass.Elf64) => abi == FlagS390Lib64,
            (ElfMachine.RiscV, ElfClass.Elf64) => abi == FlagRiscVDouble || abi == 0x0f00,
            (ElfMachine.LoongArch, _) => abi == FlagLoongArchDouble || abi == 0x1100,
            _ => true,
        };
    }

    public override string ToString() => $"ELF {(Is64Bit ? "64" : "32")}-bit {(BigEndian ? "MSB" : "LSB")} {ElfMachine.Name(Machine)}";
}
