using PortableService.Closure.Elf;
using PortableService.FileTrees;

namespace PortableService.Closure;

/// <summary>A regular file's first block read once: ELF (parsed), script (its #! line), or data.</summary>
internal sealed record ProbedFile(ProbedFileKind Kind, ElfFile? Elf, ElfAbi? Abi, Shebang? Shebang, string? Problem)
{
    public static ProbedFile Data { get; } = new(ProbedFileKind.Data, null, null, null, null);

    /// <summary>Reads the start of the file at <paramref name="path"/> (a regular file) and whatever ELF parts the loader needs.</summary>
    public static ProbedFile Read(IFileTree tree, string path, long length)
    {
        try
        {
            using var handle = tree.OpenFile(path);
            Span<byte> head = stackalloc byte[ElfFile.HeadSize];
            var read = 0;
            while (read < head.Length)
            {
                var n = handle.ReadAt(read, head[read..]);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            head = head[..read];
            if (ElfFile.HasMagic(head))
            {
                try
                {
                    var elf = ElfFile.Read(handle, head, Math.Max(length, read));
                    return new ProbedFile(ProbedFileKind.Elf, elf, elf.Abi, null, null);
                }
                catch (Exception e) when (e is InvalidDataException or OverflowException or ArgumentOutOfRangeException)
                {
                    return new ProbedFile(ProbedFileKind.MalformedElf, null, ElfFile.ReadAbi(head), null, e.Message);
                }
            }

            if (Shebang.Parse(head) is { } shebang)
            {
                return new ProbedFile(ProbedFileKind.Script, null, null, shebang, null);
            }

            return Data;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ProbedFile(ProbedFileKind.Unreadable, null, null, null, e.Message);
        }
    }
}
