namespace PortableService.Closure;

/// <summary>What the first bytes of a regular file say it is.</summary>
internal enum ProbedFileKind
{
    Data,
    Elf,

    /// <summary>ELF magic, but the file cannot be parsed.</summary>
    MalformedElf,
    Script,
    Unreadable,
}
