using System.Buffers.Binary;
using System.Text;
using PortableService.FileTrees;

namespace PortableService.Closure.Elf;

/// <summary>
/// glibc's loader cache, <c>/etc/ld.so.cache</c>, in the "new" format (<c>glibc-ld.so.cache1.1</c>), alone or after an
/// old-format (<c>ld.so-1.7.0</c>) table as glibc before 2.32 wrote it.
/// </summary>
/// <remarks>
/// Layout (glibc <c>sysdeps/generic/dl-cache.h</c>): a 48-byte header (magic and version, 20 bytes; <c>nlibs</c>;
/// <c>len_strings</c>; a flags byte whose low bits give the byte order; 3 unused bytes; an extension offset; 12
/// unused bytes), then <c>nlibs</c> 24-byte entries (flags, key, value, osversion, hwcap), then the string table.
/// Keys and values are offsets from the start of the new-format header.
/// </remarks>
internal sealed class LdSoCache
{
    private const string OldMagic = "ld.so-1.7.0";
    private const string NewMagic = "glibc-ld.so.cache1.1";
    private const int OldHeaderSize = 16;
    private const int OldEntrySize = 12;
    private const int NewHeaderSize = 48;
    private const int NewEntrySize = 24;
    private const int FlagsOffset = 28;
    private const byte EndianLittle = 2;
    private const byte EndianBig = 3;
    private const int MaxCacheSize = 64 << 20;

    private readonly Dictionary<string, List<LdSoCacheEntry>> _byName;

    private LdSoCache(string path, Dictionary<string, List<LdSoCacheEntry>> byName, int count)
    {
        Path = path;
        _byName = byName;
        Count = count;
    }

    public string Path { get; }

    public int Count { get; }

    /// <summary>An empty cache, for a host without one.</summary>
    public static LdSoCache Empty(string path) => new(path, new Dictionary<string, List<LdSoCacheEntry>>(StringComparer.Ordinal), 0);

    /// <summary>The entries for a soname, in the cache's order (which is ld.so's order of preference).</summary>
    public IReadOnlyList<LdSoCacheEntry> Lookup(string name) =>
        _byName.TryGetValue(name, out var entries) ? entries : [];

    /// <summary>Every entry, in file order.</summary>
    public IEnumerable<LdSoCacheEntry> Entries => _byName.Values.SelectMany(e => e);

    /// <summary>Reads the cache file at <paramref name="path"/> in a tree; an empty cache when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a cache this parser understands, or is too large.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LdSoCache Read(PathResolver files, string path)
    {
        var resolution = files.Resolve(path);
        if (!resolution.Succeeded)
        {
            return Empty(path);
        }

        if (resolution.Node.Size > MaxCacheSize)
        {
            throw new InvalidDataException($"{path} is larger than {MaxCacheSize} bytes");
        }

        return files.ReadFile(path, MaxCacheSize) is { } data ? Parse(path, data) : Empty(path);
    }

    /// <summary>Parses cache bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a cache this parser understands.</exception>
    public static LdSoCache Parse(string path, ReadOnlySpan<byte> data)
    {
        var start = 0;
        if (StartsWith(data, OldMagic))
        {
            // Old table first: skip it, then align to 8 like glibc's ALIGN_CACHE.
            if (data.Length < OldHeaderSize)
            {
                throw new InvalidDataException("truncated old-format header");
            }

            var oldCount = BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
            var end = OldHeaderSize + (long)oldCount * OldEntrySize;
            start = (int)Math.Min((end + 7) & ~7L, data.Length);
            if (!StartsWith(data[start..], NewMagic))
            {
                // An old-format-only cache (glibc 2.1 era): nothing a current loader would use.
                throw new InvalidDataException("old-format cache without a new-format section");
            }
        }
        else if (!StartsWith(data, NewMagic))
        {
            throw new InvalidDataException("not a glibc ld.so cache (unknown magic)");
        }

        var section = data[start..];
        if (section.Length < NewHeaderSize)
        {
            throw new InvalidDataException("truncated header");
        }

        var bigEndian = section[FlagsOffset] switch
        {
            EndianBig => true,
            EndianLittle => false,
            _ => !BitConverter.IsLittleEndian,
        };

        uint U32(ReadOnlySpan<byte> s, int at) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
        ulong U64(ReadOnlySpan<byte> s, int at) => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);

        var count = U32(section, 20);
        if ((ulong)count * NewEntrySize > (ulong)(section.Length - NewHeaderSize))
        {
            throw new InvalidDataException($"{count} entries do not fit in {section.Length} bytes");
        }

        var byName = new Dictionary<string, List<LdSoCacheEntry>>(StringComparer.Ordinal);
        var strings = new Dictionary<uint, string>();
        string StringAt(ReadOnlySpan<byte> s, uint offset)
        {
            if (strings.TryGetValue(offset, out var cached))
            {
                return cached;
            }

            if (offset >= (uint)s.Length)
            {
                throw new InvalidDataException($"string offset {offset} is beyond the end of the cache");
            }

            var rest = s[(int)offset..];
            var nul = rest.IndexOf((byte)0);
            if (nul < 0)
            {
                throw new InvalidDataException($"the string at {offset} is not terminated");
            }

            var text = Encoding.UTF8.GetString(rest[..nul]);
            strings[offset] = text;
            return text;
        }

        for (var i = 0; i < count; i++)
        {
            var entry = section.Slice(NewHeaderSize + i * NewEntrySize, NewEntrySize);
            var flags = (int)U32(entry, 0);
            var name = StringAt(section, U32(entry, 4));
            var value = StringAt(section, U32(entry, 8));
            var hwcap = U64(entry, 16);
            if (!byName.TryGetValue(name, out var list))
            {
                list = new List<LdSoCacheEntry>(1);
                byName[name] = list;
            }

            list.Add(new LdSoCacheEntry(name, flags, value, hwcap));
        }

        return new LdSoCache(path, byName, (int)count);
    }

    private static bool StartsWith(ReadOnlySpan<byte> data, string magic) =>
        data.Length >= magic.Length && data[..magic.Length].SequenceEqual(Encoding.ASCII.GetBytes(magic));
}
