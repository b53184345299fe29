namespace PortableService.Closure.Elf;

/// <summary>
/// What the dynamic loader reads from an ELF file: its ABI, interpreter (<c>PT_INTERP</c>) and dynamic section
/// (<c>DT_NEEDED</c>, <c>DT_RPATH</c>, <c>DT_RUNPATH</c>, <c>DT_SONAME</c>, <c>DT_FLAGS_1</c>).
/// </summary>
internal sealed partial class ElfFile
{
    /// <summary><c>DF_1_NODEFLIB</c>: do not search the cache or the system directories for this object's dependencies.</summary>
    private const ulong DF1NoDefaultLib = 0x800;

    public required ElfAbi Abi { get; init; }

    /// <summary><c>e_type</c>: 2 executable, 3 shared object (or position-independent executable).</summary>
    public required ushort Type { get; init; }

    /// <summary>The program interpreter, for a dynamically linked executable.</summary>
    public string? Interpreter { get; init; }

    public IReadOnlyList<string> Needed { get; init; } = [];

    /// <summary><c>DT_RPATH</c>, null when absent or when <c>DT_RUNPATH</c> is present (ld.so then ignores it).</summary>
    public string? RPath { get; init; }

    public string? RunPath { get; init; }

    public string? SoName { get; init; }

    public ulong Flags1 { get; init; }

    /// <summary>True when the file has a dynamic section.</summary>
    public bool IsDynamic { get; init; }

    public bool NoDefaultLibraries => (Flags1 & DF1NoDefaultLib) != 0;
}
