using System.Globalization;
using System.Security.Cryptography;

namespace DiskImages.Verity;

/// <summary>
/// dm-verity hash trees as <c>veritysetup format</c> makes them (format version 1, hash type 1, SHA-256, the salt
/// hashed before each block, the superblock at the start of the hash file), and their verification.
/// </summary>
/// <remarks>
/// The data must be a whole number of data blocks: the kernel maps whole blocks only, and veritysetup refuses
/// anything else. Squashfs images are padded to 4 KiB, so they qualify as they are.
/// </remarks>
public static partial class VerityHashTree
{
    private static ReadOnlySpan<byte> SaltLabel => "DiskImages.Verity salt v1\0"u8;
    private static ReadOnlySpan<byte> UuidLabel => "DiskImages.Verity uuid v1\0"u8;

    /// <summary>The size of the hash file for <paramref name="dataSize"/> bytes of data, without computing it.</summary>
    /// <exception cref="ArgumentException">The size is not a positive multiple of the data block size.</exception>
    public static long GetHashSize(long dataSize, VerityOptions? options = null)
    {
        options = Validate(options);
        return new VerityLayout(CountBlocks(dataSize, options.DataBlockSize), options.HashBlockSize).HashFileSize;
    }

    private static VerityOptions Validate(VerityOptions? options)
    {
        options ??= new VerityOptions();
        if (!VeritySuperblockLayout.IsValidBlockSize(options.DataBlockSize))
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.BadVerityBlockSize, "data", options.DataBlockSize), nameof(options));
        }

        if (!VeritySuperblockLayout.IsValidBlockSize(options.HashBlockSize))
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.BadVerityBlockSize, "hash", options.HashBlockSize), nameof(options));
        }

        if (options.Salt is { Length: > VeritySuperblockLayout.MaxSaltSize } salt)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.BadSaltSize, salt.Length), nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDegreeOfParallelism, 1, nameof(options));
        return options;
    }

    private static long CountBlocks(long dataSize, int blockSize)
    {
        if (dataSize <= 0)
        {
            throw new ArgumentException(Strings.DataEmpty, nameof(dataSize));
        }

        if (dataSize % blockSize != 0)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.DataNotBlockMultiple, dataSize, blockSize), nameof(dataSize));
        }

        return dataSize / blockSize;
    }

    /// <summary>
    /// The salt and UUID that stand for the data when none are given: both from the data's SHA-256, each under its own
    /// label, so the same data gives the same hash file; the UUID is marked as an RFC 4122 version 4 UUID.
    /// </summary>
    private static (byte[] Salt, Guid Uuid) Derive(Stream data, long origin, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = data.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sha256.AppendData(buffer, 0, read);
        }

        Span<byte> dataDigest = stackalloc byte[SHA256.HashSizeInBytes];
        sha256.GetHashAndReset(dataDigest);
        data.Position = origin;

        return (DerivedId.Hash(SaltLabel, dataDigest), DerivedId.Uuid(UuidLabel, dataDigest));
    }

    private static void RequireReadableSeekable(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream, name);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.StreamNotSeekableReadable, name), name);
        }
    }

    private static string Describe(string format, params object[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
