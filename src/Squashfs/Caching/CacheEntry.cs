using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Squashfs.Caching;

/// <summary>
/// The bytes of one cache entry file: a header (magic, version, flags, the key it was stored under, payload length),
/// the payload (a compressed block, or nothing for a block stored uncompressed), and a checksum of all that before it.
/// A file that was damaged, truncated or stored under another key does not parse, so it is never used.
/// </summary>
internal static class CacheEntry
{
    public const int KeySize = SHA256.HashSizeInBytes;

    /// <summary>"PSBC" read as a little-endian u32.</summary>
    private const uint Magic = 0x43425350;
    private const ushort Version = 2;
    private const ushort FlagUncompressed = 1;

    private const int MagicOffset = 0;
    private const int VersionOffset = MagicOffset + sizeof(uint);
    private const int FlagsOffset = VersionOffset + sizeof(ushort);
    private const int KeyOffset = FlagsOffset + sizeof(ushort);
    private const int LengthOffset = KeyOffset + KeySize;
    private const int ReservedOffset = LengthOffset + sizeof(uint);
    private const int HeaderSize = ReservedOffset + sizeof(uint);

    /// <summary>
    /// XXH3 of header and payload: a check against damage, not against forgery (whoever can write the cache can write
    /// a valid entry anyway). Not a second SHA-256: on a cold build with a fast codec such as gzip, hashing every
    /// compressed block again cost more than the 3% the cache may add.
    /// </summary>
    private const int ChecksumSize = sizeof(ulong);

    public static int MaxSize(int blockSize) => HeaderSize + blockSize + ChecksumSize;

    /// <summary>Lays out an entry in <paramref name="entry"/> and returns its length.</summary>
    public static int Write(Span<byte> entry, ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload, bool uncompressed)
    {
        var length = HeaderSize + payload.Length + ChecksumSize;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[MagicOffset..], Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[VersionOffset..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[FlagsOffset..], uncompressed ? FlagUncompressed : (ushort)0);
        key.CopyTo(entry[KeyOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[LengthOffset..], (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[ReservedOffset..], 0);
        payload.CopyTo(entry[HeaderSize..]);
        Checksum(entry[..(length - ChecksumSize)], entry.Slice(length - ChecksumSize, ChecksumSize));
        return length;
    }

    /// <summary>
    /// Checks a whole entry file against <paramref name="key"/> and returns its payload, or false when anything is off.
    /// <paramref name="uncompressed"/> tells a block stored uncompressed (empty payload) from a compressed one.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> entry, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> payload, out bool uncompressed)
    {
        payload = default;
        uncompressed = false;
        if (entry.Length < HeaderSize + ChecksumSize
            || BinaryPrimitives.ReadUInt32LittleEndian(entry[MagicOffset..]) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(entry[VersionOffset..]) != Version
            || !entry.Slice(KeyOffset, KeySize).SequenceEqual(key)
            || BinaryPrimitives.ReadUInt32LittleEndian(entry[LengthOffset..]) != entry.Length - HeaderSize - ChecksumSize)
        {
            return false;
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(entry[FlagsOffset..]);
        Span<byte> checksum = stackalloc byte[ChecksumSize];
        Checksum(entry[..^ChecksumSize], checksum);
        if ((flags & ~FlagUncompressed) != 0 || !checksum.SequenceEqual(entry[^ChecksumSize..]))
        {
            return false;
        }

        payload = entry[HeaderSize..^ChecksumSize];
        uncompressed = flags == FlagUncompressed;
        return uncompressed == payload.IsEmpty;
    }

    private static void Checksum(ReadOnlySpan<byte> data, Span<byte> checksum) =>
        BinaryPrimitives.WriteUInt64LittleEndian(checksum, XxHash3.HashToUInt64(data));
}
