namespace DiskImages;

/// <summary>Message texts of the disk image library, in one place.</summary>
internal static class Strings
{
    // Verity
    public const string DataNotBlockMultiple = "The data is {0} bytes, not a multiple of the {1}-byte verity data block: pad it to a whole block first (squashfs images are padded to 4 KiB).";
    public const string DataEmpty = "The data is empty: a verity hash tree needs at least one data block.";
    public const string StreamNotSeekableReadable = "The {0} stream must be readable and seekable.";
    public const string HashStreamNotWritable = "The hash stream must be writable and seekable: the tree's levels are written top level first, as they are computed bottom up.";
    public const string BadVerityBlockSize = "The verity {0} block size {1} is invalid: it must be a power of two from 512 to 524288.";
    public const string BadSaltSize = "The salt is {0} bytes; veritysetup allows at most 256.";
    public const string RootHashSize = "The root hash is {0} bytes; a SHA-256 root hash is 32.";
    public const string UnsupportedVerityAlgorithm = "The verity hash algorithm '{0}' is not supported; only sha256 is.";
    public const string UnsupportedVerityHashType = "Verity hash type {0} (Chrome OS) is not supported; only type 1 (the veritysetup default) is.";
    public const string VerityTooSmall = "Not a verity hash file: it is {0} bytes, smaller than the superblock.";
    public const string VerityBadMagic = "Not a verity hash file: the superblock magic at offset {0} is not 'verity\\0\\0'.";
    public const string VerityBadField = "Corrupt verity superblock at offset {0}: {1} = {2} is invalid.";
    public const string VerityHashTruncated = "Truncated verity hash file: the hash block at offset {0} lies beyond its end ({1} bytes).";
    public const string VerityDataTruncated = "The data is {0} bytes, shorter than the {1} blocks of {2} bytes that the verity superblock names.";

    public const string VerityBadDataBlock = "Data block {0} (offset {1}) does not match its hash in the tree.";
    public const string VerityBadHashBlock = "Hash block {0} of level {1} (offset {2} of the hash file) does not match the blocks it covers.";
    public const string VerityRootHashMismatch = "The root hash is {0}, but the data and its hash tree give {1}.";

    // Signing
    public const string RootHashEmpty = "The root hash is empty.";
    public const string NotPkcs7 = "The signature is not a DER PKCS#7 signed-data structure: {0}";
    public const string UnsupportedKeyAlgorithm = "The certificate's key algorithm ({0}) cannot sign root hashes; use an RSA or EC key.";
    public const string NoSigner = "The signature has no signer.";
    public const string NoTrustedSigner = "No trusted certificate made this signature over the root hash {0} ({1} certificates tried).";
    public const string Pkcs12NoKey = "'{0}' holds no certificate with a private key.";
    public const string NoCertificates = "No PEM certificate was found in '{0}'.";

    public const string SignatureJsonBad = "Not a verity signature JSON document: {0}.";

    // GPT
    public const string GptTooSmall = "Not a GPT disk image: it is {0} bytes, too small for a protective MBR and two GPT headers.";
    public const string GptBadSignature = "Not a GPT disk image: no 'EFI PART' signature in the {0} at offset {1}.";
    public const string GptNoProtectiveMbr = "Not a GPT disk image: sector 0 holds no protective MBR (signature 55 AA and a partition of type EE).";
    public const string GptPartitionsOverlap = "Corrupt GPT: the partitions '{0}' and '{1}' overlap.";
    public const string GptBadField = "Corrupt GPT {0} at offset {1}: {2} = {3} is invalid.";
    public const string GptBadCrc = "Corrupt GPT {0} at offset {1}: the CRC32 is 0x{2:X8}, the content gives 0x{3:X8}.";
    public const string GptHeadersDisagree = "Corrupt GPT: the backup header at offset {0} does not describe the same table as the primary header.";
    public const string GptOverlap = "The partitions '{0}' and '{1}' overlap.";
    public const string DiskStreamNotWritable = "The disk stream must be writable and seekable.";
    public const string GptDiskSize = "The disk size {0} is not a multiple of 512 bytes of at least 1 MiB.";
    public const string GptBadPartition = "The partition '{0}' at offset {1} with {2} bytes does not fit a {3}-byte disk: it must be sector-aligned, non-empty, of a non-empty type, and between the primary and the backup table.";
    public const string AlignmentInvalid = "The alignment {0} is not a power of two of at least 512.";
    public const string TooManyPartitions = "A GPT holds at most {0} partitions; {1} were given.";
    public const string PartitionNameTooLong = "The partition name '{0}' is longer than 36 UTF-16 code units.";
    public const string DuplicatePartitionUuid = "The partition UUID {0} is used twice.";
    public const string UnknownArchitecture = "'{0}' is not an architecture with discoverable partition types; known: {1}.";
    public const string SignatureTooLarge = "The signature JSON is {0} bytes; systemd reads at most {1}.";
}
