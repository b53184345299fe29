namespace DiskImages.Verity;

/// <summary>
/// Where each field of cryptsetup's <c>struct verity_sb</c> (lib/verity/verity.c) lies: 512 bytes, little-endian,
/// at the start of the hash device. The hash tree starts at the first hash block after it.
/// </summary>
internal static class VeritySuperblockLayout
{
    public const int Size = 512;
    public static ReadOnlySpan<byte> Magic => "verity\0\0"u8;

    public const int MagicOffset = 0;
    public const int VersionOffset = MagicOffset + 8;
    public const int HashTypeOffset = VersionOffset + 4;
    public const int UuidOffset = HashTypeOffset + 4;
    public const int AlgorithmOffset = UuidOffset + 16;
    public const int AlgorithmSize = 32;
    public const int DataBlockSizeOffset = AlgorithmOffset + AlgorithmSize;
    public const int HashBlockSizeOffset = DataBlockSizeOffset + 4;
    public const int DataBlocksOffset = HashBlockSizeOffset + 4;
    public const int SaltSizeOffset = DataBlocksOffset + 8;
    // 6 bytes of padding after the salt size.
    public const int SaltOffset = SaltSizeOffset + 2 + 6;
    public const int MaxSaltSize = 256;
    // 168 bytes of padding after the salt fill the superblock to 512 bytes.

    public const int MinBlockSize = 512;
    public const int MaxBlockSize = 512 * 1024;

    public static bool IsValidBlockSize(long size) => size is >= MinBlockSize and <= MaxBlockSize && long.IsPow2(size);
}
