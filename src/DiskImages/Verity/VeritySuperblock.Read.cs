using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using L = DiskImages.Verity.VeritySuperblockLayout;

namespace DiskImages.Verity;

public sealed partial record VeritySuperblock
{
    /// <summary>Reads the superblock at the start of a hash file, as <c>veritysetup format</c> writes it.</summary>
    /// <exception cref="InvalidDataException">The file does not start with a valid verity superblock.</exception>
    public static VeritySuperblock Read(string hashPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(hashPath);
        using var stream = File.OpenRead(hashPath);
        return Read(stream);
    }

    /// <summary>Reads the superblock at the stream's current position, which is where the hash device starts.</summary>
    /// <exception cref="InvalidDataException">No valid verity superblock is there.</exception>
    public static VeritySuperblock Read(Stream hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var origin = hash.CanSeek ? hash.Position : 0;
        Span<byte> block = stackalloc byte[L.Size];
        var read = hash.ReadAtLeast(block, L.Size, throwOnEndOfStream: false);
        if (read < L.Size)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.VerityTooSmall, read));
        }

        return Parse(block, origin);
    }

    /// <summary>Parses and validates a superblock; <paramref name="offset"/> names where it was read, for messages.</summary>
    internal static VeritySuperblock Parse(ReadOnlySpan<byte> block, long offset)
    {
        if (!block[..L.Magic.Length].SequenceEqual(L.Magic))
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.VerityBadMagic, offset));
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(block[L.VersionOffset..]);
        Check(version == Version, "version", version);
        var hashType = BinaryPrimitives.ReadUInt32LittleEndian(block[L.HashTypeOffset..]);
        Check(hashType <= 1, "hash_type", hashType);

        var algorithmField = block.Slice(L.AlgorithmOffset, L.AlgorithmSize);
        var end = algorithmField.IndexOf((byte)0);
        Check(end > 0 && Ascii.IsValid(algorithmField[..end]), "algorithm", Convert.ToHexString(algorithmField));
        var algorithm = Encoding.ASCII.GetString(algorithmField[..end]).ToLowerInvariant();

        var dataBlockSize = BinaryPrimitives.ReadUInt32LittleEndian(block[L.DataBlockSizeOffset..]);
        Check(L.IsValidBlockSize(dataBlockSize), "data_block_size", dataBlockSize);
        var hashBlockSize = BinaryPrimitives.ReadUInt32LittleEndian(block[L.HashBlockSizeOffset..]);
        Check(L.IsValidBlockSize(hashBlockSize), "hash_block_size", hashBlockSize);
        var dataBlocks = BinaryPrimitives.ReadUInt64LittleEndian(block[L.DataBlocksOffset..]);
        Check(dataBlocks > 0 && dataBlocks <= (ulong)(long.MaxValue / dataBlockSize), "data_blocks", dataBlocks);
        var saltSize = BinaryPrimitives.ReadUInt16LittleEndian(block[L.SaltSizeOffset..]);
        Check(saltSize <= L.MaxSaltSize, "salt_size", saltSize);

        return new VeritySuperblock(
            (int)hashType,
            new Guid(block.Slice(L.UuidOffset, 16), bigEndian: true),
            algorithm,
            (int)dataBlockSize,
            (int)hashBlockSize,
            (long)dataBlocks,
            ImmutableArray.Create(block.Slice(L.SaltOffset, saltSize)));

        void Check(bool valid, string field, object value)
        {
            if (!valid)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.VerityBadField, offset, field, value));
            }
        }
    }
}
