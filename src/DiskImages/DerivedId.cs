using System.Security.Cryptography;

namespace DiskImages;

/// <summary>
/// Salts and UUIDs derived from content under a fixed label, so that the same input gives the same output bytes
/// and different labels give unrelated values.
/// </summary>
internal static class DerivedId
{
    public static byte[] Hash(ReadOnlySpan<byte> label, ReadOnlySpan<byte> input) => SHA256.HashData([.. label, .. input]);

    /// <summary>The first 128 bits of the labelled hash, marked as an RFC 4122 version 4 UUID.</summary>
    public static Guid Uuid(ReadOnlySpan<byte> label, ReadOnlySpan<byte> input)
    {
        Span<byte> uuid = Hash(label, input).AsSpan(0, 16);
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x40);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true);
    }
}
