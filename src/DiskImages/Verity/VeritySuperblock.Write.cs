using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using L = DiskImages.Verity.VeritySuperblockLayout;

namespace DiskImages.Verity;

public sealed partial record VeritySuperblock
{
    /// <summary>Writes the 512-byte superblock into <paramref name="destination"/>, reserved bytes zero.</summary>
    internal void Write(Span<byte> destination)
    {
        Debug.Assert(destination.Length >= L.Size && Salt.Length <= L.MaxSaltSize);
        var block = destination[..L.Size];
        block.Clear();
        L.Magic.CopyTo(block[L.MagicOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(block[L.VersionOffset..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(block[L.HashTypeOffset..], (uint)HashType);
        Uuid.TryWriteBytes(block.Slice(L.UuidOffset, 16), bigEndian: true, out _);
        Encoding.ASCII.GetBytes(Algorithm, block.Slice(L.AlgorithmOffset, L.AlgorithmSize - 1));
        BinaryPrimitives.WriteUInt32LittleEndian(block[L.DataBlockSizeOffset..], (uint)DataBlockSize);
        BinaryPrimitives.WriteUInt32LittleEndian(block[L.HashBlockSizeOffset..], (uint)HashBlockSize);
        BinaryPrimitives.WriteUInt64LittleEndian(block[L.DataBlocksOffset..], (ulong)DataBlocks);
        BinaryPrimitives.WriteUInt16LittleEndian(block[L.SaltSizeOffset..], (ushort)Salt.Length);
        Salt.AsSpan().CopyTo(block[L.SaltOffset..]);
    }
}
