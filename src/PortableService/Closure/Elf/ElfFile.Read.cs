using System.Buffers.Binary;
using System.Text;
using PortableService.FileTrees;

namespace PortableService.Closure.Elf;

/// <summary>
/// Parses only what the loader needs, by positioned reads: the header and program headers (normally inside the first
/// block, already read by the caller), the dynamic segment, and the few strings it names.
/// </summary>
internal sealed partial class ElfFile
{
    /// <summary>How much of a file the caller should read first: the header and, nearly always, the program headers.</summary>
    public const int HeadSize = 4096;

    private const int EiClass = 4;
    private const int EiData = 5;
    private const byte ElfDataLsb = 1;
    private const byte ElfDataMsb = 2;

    private const int Elf32HeaderSize = 52;
    private const int Elf64HeaderSize = 64;

    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const uint PtInterp = 3;
    private const ushort PnXNum = 0xffff;

    private const long DtNull = 0;
    private const long DtNeeded = 1;
    private const long DtStrTab = 5;
    private const long DtStrSz = 10;
    private const long DtSoName = 14;
    private const long DtRPath = 15;
    private const long DtRunPath = 29;
    private const long DtFlags1 = 0x6ffffffb;

    // Limits that keep a hostile file from making us allocate much.
    private const int MaxProgramHeaders = 4096;
    private const int MaxDynamicSize = 1 << 20;
    private const int MaxStringLength = 64 * 1024;
    private const int MaxNeeded = 4096;

    /// <summary>True when <paramref name="head"/> starts with the ELF magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 0x7f && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F';

    /// <summary>Reads just the ABI from the header; null when this is not a well-formed ELF header.</summary>
    public static ElfAbi? ReadAbi(ReadOnlySpan<byte> head)
    {
        if (!HasMagic(head) || head.Length < Elf32HeaderSize)
        {
            return null;
        }

        var elfClass = head[EiClass];
        var data = head[EiData];
        if (elfClass is not ((byte)ElfClass.Elf32 or (byte)ElfClass.Elf64) || data is not (ElfDataLsb or ElfDataMsb))
        {
            return null;
        }

        var bigEndian = data == ElfDataMsb;
        var machine = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(head[18..]) : BinaryPrimitives.ReadUInt16LittleEndian(head[18..]);
        return new ElfAbi((ElfClass)elfClass, bigEndian, machine);
    }

    /// <summary>
    /// Parses an ELF file. <paramref name="head"/> holds the file's first bytes (up to <see cref="HeadSize"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed ELF file.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static ElfFile Read(IRandomAccessFile file, ReadOnlySpan<byte> head, long fileLength)
    {
        var abi = ReadAbi(head) ?? throw new InvalidDataException("not an ELF file, or an unknown ELF class or byte order");
        var reader = new FieldReader(abi);
        var is64 = abi.Is64Bit;
        if (head.Length < (is64 ? Elf64HeaderSize : Elf32HeaderSize))
        {
            throw new InvalidDataException("the ELF header is truncated");
        }

        var type = reader.U16(head, 16);
        ulong phOff = is64 ? reader.U64(head, 32) : reader.U32(head, 28);
        ulong shOff = is64 ? reader.U64(head, 40) : reader.U32(head, 32);
        int phEntSize = reader.U16(head, is64 ? 54 : 42);
        int phNum = reader.U16(head, is64 ? 56 : 44);
        int shEntSize = reader.U16(head, is64 ? 58 : 46);
        var minPhEntSize = is64 ? 56 : 32;

        if (phNum == PnXNum)
        {
            // The real count is in the first section header's sh_info.
            if (shOff == 0 || shEntSize < (is64 ? 64 : 40))
            {
                throw new InvalidDataException("PN_XNUM program headers without a section header");
            }

            var section0 = ReadAt(file, shOff, is64 ? 64 : 40, fileLength, "the first section header");
            var count = reader.U32(section0, is64 ? 44 : 28);
            phNum = count > MaxProgramHeaders ? MaxProgramHeaders + 1 : (int)count;
        }

        if (phNum == 0)
        {
            return new ElfFile { Abi = abi, Type = type };
        }

        if (phEntSize < minPhEntSize || phEntSize > 1024 || phNum > MaxProgramHeaders)
        {
            throw new InvalidDataException($"implausible program headers ({phNum} of {phEntSize} bytes)");
        }

        var phSize = phNum * phEntSize;
        ReadOnlySpan<byte> programHeaders = Fits(phOff, (ulong)phSize, head.Length)
            ? head.Slice((int)phOff, phSize)
            : ReadAt(file, phOff, phSize, fileLength, "the program headers");

        string? interpreter = null;
        ulong dynOffset = 0, dynSize = 0;
        var hasDynamic = false;
        var loads = new List<(ulong VAddr, ulong Offset, ulong FileSize)>();
        for (var i = 0; i < phNum; i++)
        {
            var ph = programHeaders.Slice(i * phEntSize, minPhEntSize);
            var pType = reader.U32(ph, 0);
            ulong pOffset = is64 ? reader.U64(ph, 8) : reader.U32(ph, 4);
            ulong pVAddr = is64 ? reader.U64(ph, 16) : reader.U32(ph, 8);
            ulong pFileSz = is64 ? reader.U64(ph, 32) : reader.U32(ph, 16);
            switch (pType)
            {
                case PtLoad:
                    loads.Add((pVAddr, pOffset, pFileSz));
                    break;
                case PtDynamic:
                    hasDynamic = true;
                    dynOffset = pOffset;
                    dynSize = pFileSz;
                    break;
                case PtInterp:
                    if (pFileSz == 0 || pFileSz > 4096)
                    {
                        throw new InvalidDataException($"implausible PT_INTERP size {pFileSz}");
                    }

                    var bytes = Fits(pOffset, pFileSz, head.Length) ? head.Slice((int)pOffset, (int)pFileSz) : ReadAt(file, pOffset, (int)pFileSz, fileLength, "PT_INTERP");
                    var nul = bytes.IndexOf((byte)0);
                    if (nul <= 0 || bytes[0] != (byte)'/' || bytes[..nul].ContainsAnyExceptInRange((byte)0x20, (byte)0x7e))
                    {
                        // Separate debug-info files keep PT_INTERP but not the bytes it points at.
                        throw new InvalidDataException("PT_INTERP does not hold a path (a separate debug-info file?)");
                    }

                    interpreter = Encoding.UTF8.GetString(bytes[..nul]);
                    break;
            }
        }

        if (!hasDynamic || dynSize == 0)
        {
            return new ElfFile { Abi = abi, Type = type, Interpreter = interpreter };
        }

        if (dynSize > MaxDynamicSize)
        {
            throw new InvalidDataException($"implausible PT_DYNAMIC size {dynSize}");
        }

        var dynamic = Fits(dynOffset, dynSize, head.Length) ? head.Slice((int)dynOffset, (int)dynSize) : ReadAt(file, dynOffset, (int)dynSize, fileLength, "the dynamic section");
        var entrySize = is64 ? 16 : 8;
        ulong strTab = 0, strSize = 0, flags1 = 0;
        long soName = -1, rpath = -1, runpath = -1;
        var needed = new List<ulong>();
        for (var at = 0; at + entrySize <= dynamic.Length; at += entrySize)
        {
            long tag = is64 ? (long)reader.U64(dynamic, at) : (int)reader.U32(dynamic, at);
            ulong value = is64 ? reader.U64(dynamic, at + 8) : reader.U32(dynamic, at + 4);
            if (tag == DtNull)
            {
                break;
            }

            switch (tag)
            {
                case DtNeeded:
                    if (needed.Count >= MaxNeeded)
                    {
                        throw new InvalidDataException("more than 4096 DT_NEEDED entries");
                    }

                    needed.Add(value);
                    break;
                case DtStrTab: strTab = value; break;
                case DtStrSz: strSize = value; break;
                case DtSoName: soName = (long)value; break;
                case DtRPath: rpath = (long)value; break;
                case DtRunPath: runpath = (long)value; break;
                case DtFlags1: flags1 = value; break;
            }
        }

        if (needed.Count == 0 && soName < 0 && rpath < 0 && runpath < 0)
        {
            return new ElfFile { Abi = abi, Type = type, Interpreter = interpreter, IsDynamic = true, Flags1 = flags1 };
        }

        // DT_STRTAB is an address: find the loadable segment holding it to get its file offset.
        ulong? strTabOffset = null;
        foreach (var (vaddr, offset, fileSize) in loads)
        {
            if (strTab >= vaddr && strTab - vaddr < fileSize && strTab - vaddr <= ulong.MaxValue - offset)
            {
                strTabOffset = offset + (strTab - vaddr);
                break;
            }
        }

        if (strTabOffset is null)
        {
            throw new InvalidDataException($"DT_STRTAB 0x{strTab:x} is outside every PT_LOAD segment");
        }

        var strings = new StringTableReader(file, strTabOffset.Value, strSize, fileLength);
        return new ElfFile
        {
            Abi = abi,
            Type = type,
            Interpreter = interpreter,
            IsDynamic = true,
            Flags1 = flags1,
            Needed = needed.Select(strings.Get).ToArray(),
            SoName = soName >= 0 ? strings.Get((ulong)soName) : null,
            RunPath = runpath >= 0 ? strings.Get((ulong)runpath) : null,
            // "If both RUNPATH and RPATH are given, the latter is ignored" (glibc get-dynamic-info.h).
            RPath = rpath >= 0 && runpath < 0 ? strings.Get((ulong)rpath) : null,
        };
    }

    /// <summary>True when <paramref name="count"/> bytes at <paramref name="offset"/> lie inside <paramref name="length"/> bytes.</summary>
    private static bool Fits(ulong offset, ulong count, int length) => offset <= (ulong)length && count <= (ulong)length - offset;

    private static byte[] ReadAt(IRandomAccessFile file, ulong offset, int count, long fileLength, string what)
    {
        if (offset > (ulong)fileLength || (ulong)count > (ulong)fileLength - offset)
        {
            throw new InvalidDataException($"{what} ({count} bytes at {offset}) lie beyond the end of the file ({fileLength} bytes)");
        }

        var buffer = new byte[count];
        var done = 0;
        while (done < count)
        {
            var n = file.ReadAt((long)offset + done, buffer.AsSpan(done));
            if (n == 0)
            {
                throw new InvalidDataException($"{what} are truncated");
            }

            done += n;
        }

        return buffer;
    }

    private readonly struct FieldReader(ElfAbi abi)
    {
        public ushort U16(ReadOnlySpan<byte> s, int at) => abi.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);

        public uint U32(ReadOnlySpan<byte> s, int at) => abi.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);

        public ulong U64(ReadOnlySpan<byte> s, int at) => abi.BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);
    }

    /// <summary>
    /// Reads NUL-terminated strings from the dynamic string table through one 4 KiB window: the strings a loader
    /// needs usually sit together, so most files need one read for all of them.
    /// </summary>
    private sealed class StringTableReader(IRandomAccessFile file, ulong tableOffset, ulong tableSize, long fileLength)
    {
        private readonly byte[] _window = new byte[4096];
        private ulong _windowStart;
        private int _windowLength;

        public string Get(ulong index)
        {
            if (tableSize != 0 && index >= tableSize)
            {
                throw new InvalidDataException($"string index {index} is beyond DT_STRSZ {tableSize}");
            }

            if (index >= (ulong)fileLength || tableOffset >= (ulong)fileLength - index)
            {
                throw new InvalidDataException($"the string at {tableOffset} + {index} lies beyond the end of the file");
            }

            var start = tableOffset + index;
            if (start >= (ulong)fileLength)
            {
                throw new InvalidDataException($"the string at {start} lies beyond the end of the file");
            }

            if (TryFromWindow(start, out var text))
            {
                return text;
            }

            _windowStart = start;
            _windowLength = file.ReadAt((long)start, _window);
            if (TryFromWindow(start, out text))
            {
                return text;
            }

            return ReadLong(start);
        }

        private bool TryFromWindow(ulong start, out string text)
        {
            text = "";
            if (start < _windowStart || start >= _windowStart + (ulong)_windowLength)
            {
                return false;
            }

            var rest = _window.AsSpan((int)(start - _windowStart), _windowLength - (int)(start - _windowStart));
            var nul = rest.IndexOf((byte)0);
            if (nul < 0)
            {
                return false;
            }

            text = Encoding.UTF8.GetString(rest[..nul]);
            return true;
        }

        private string ReadLong(ulong start)
        {
            var bytes = new List<byte>();
            var chunk = new byte[4096];
            var position = start;
            while (true)
            {
                var n = file.ReadAt((long)position, chunk);
                if (n == 0)
                {
                    throw new InvalidDataException($"the string at {start} is truncated");
                }

                var span = chunk.AsSpan(0, n);
                var nul = span.IndexOf((byte)0);
                bytes.AddRange(nul >= 0 ? span[..nul] : span);
                if (nul >= 0)
                {
                    return Encoding.UTF8.GetString(bytes.ToArray());
                }

                if (bytes.Count > MaxStringLength)
                {
                    throw new InvalidDataException($"the string at {start} is longer than {MaxStringLength} bytes");
                }

                position += (ulong)n;
            }
        }
    }
}
