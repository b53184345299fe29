using System.Buffers.Binary;
using System.Text;

namespace PortableService.Tests.Closure;

/// <summary>Writes a glibc ld.so.cache (new format, little-endian; optionally after an old-format table) for tests.</summary>
internal static class LdSoCacheWriter
{
    public const int X8664 = 0x0303;
    public const int AArch64 = 0x0a03;

    public static byte[] Write(IReadOnlyList<(string Name, int Flags, string Path)> entries, bool withOldTable = false)
    {
        const int headerSize = 48;
        const int entrySize = 24;
        var strings = new MemoryStream();
        var offsets = new List<(uint Key, uint Value)>();
        var stringsStart = headerSize + entries.Count * entrySize;
        uint Add(string s)
        {
            var at = (uint)(stringsStart + strings.Length);
            strings.Write(Encoding.UTF8.GetBytes(s));
            strings.WriteByte(0);
            return at;
        }

        foreach (var (name, _, path) in entries)
        {
            offsets.Add((Add(name), Add(path)));
        }

        var data = new byte[stringsStart + strings.Length];
        Encoding.ASCII.GetBytes("glibc-ld.so.cache1.1").CopyTo(data, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(20), (uint)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(24), (uint)strings.Length);
        data[28] = 2; // little-endian
        for (var i = 0; i < entries.Count; i++)
        {
            var at = headerSize + i * entrySize;
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at), entries[i].Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(at + 4), offsets[i].Key);
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(at + 8), offsets[i].Value);
        }

        strings.ToArray().CopyTo(data, stringsStart);
        if (!withOldTable)
        {
            return data;
        }

        // An old-format table with no entries, padded to 8 bytes, in front (glibc before 2.32 wrote both).
        var old = new byte[16];
        Encoding.ASCII.GetBytes("ld.so-1.7.0").CopyTo(old, 0);
        return [.. old, .. data];
    }
}
