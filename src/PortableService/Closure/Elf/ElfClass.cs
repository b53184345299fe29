namespace PortableService.Closure.Elf;

/// <summary><c>EI_CLASS</c>: the word size of an ELF file.</summary>
internal enum ElfClass : byte
{
    Elf32 = 1,
    Elf64 = 2,
}
