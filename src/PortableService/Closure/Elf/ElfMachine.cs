namespace PortableService.Closure.Elf;

/// <summary><c>e_machine</c> values of the architectures whose library layout the resolver knows.</summary>
internal static class ElfMachine
{
    public const ushort I386 = 3;
    public const ushort Arm = 40;
    public const ushort PowerPC64 = 21;
    public const ushort S390 = 22;
    public const ushort X86_64 = 62;
    public const ushort AArch64 = 183;
    public const ushort RiscV = 243;
    public const ushort LoongArch = 258;

    public static string Name(ushort machine) => machine switch
    {
        I386 => "i386",
        Arm => "ARM",
        PowerPC64 => "PowerPC64",
        S390 => "S/390",
        X86_64 => "x86-64",
        AArch64 => "AArch64",
        RiscV => "RISC-V",
        LoongArch => "LoongArch",
        _ => $"machine {machine}",
    };
}
