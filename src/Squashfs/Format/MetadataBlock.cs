namespace Squashfs.Format;

/// <summary>Constants of metadata blocks: 8 KiB of uncompressed data behind a 16-bit header.</summary>
internal static class MetadataBlock
{
    public const int Size = 8192;
    public const int HeaderSize = 2;

    /// <summary>Header bit that marks a block stored without compression.</summary>
    public const ushort UncompressedBit = 0x8000;

    /// <summary>
    /// A reference to a position in a metadata table: the on-disk offset of its block (relative to the table start)
    /// in the upper 48 bits, the offset inside the uncompressed block in the lower 16.
    /// </summary>
    public static ulong Reference(ulong blockStart, int offset) => (blockStart << 16) | (uint)offset;

    public static ulong BlockOf(ulong reference) => reference >> 16;

    public static int OffsetOf(ulong reference) => (int)(reference & 0xFFFF);
}
