namespace Squashfs;

/// <summary>Message texts of the squashfs library, in one place.</summary>
internal static class Strings
{
    public const string HardLinkTargetInvalid = "A hard link must point to a file, symlink, device, FIFO or socket, not to a directory or another hard link.";
    public const string EntryAlreadyHasParent = "The entry '{0}' already belongs to a directory.";
    public const string DuplicateName = "The name '{0}' already exists in '{1}'.";
    public const string NotADirectory = "'{0}' exists and is not a directory.";
    public const string InvalidName = "'{0}' is not a valid file name: names are non-empty, not '.' or '..', and hold no '/' or NUL.";
    public const string NameTooLong = "The name '{0}' is longer than {1} bytes.";

    // Block size (mksquashfs -b syntax).
    public const string BlockSizeInvalidSyntax = "Invalid block size '{0}': expected a number of bytes with an optional K or M suffix, such as 4K, 128K or 1M.";
    public const string BlockSizeInvalidValue = "Invalid block size '{0}': it must be a power of two from 4K (4096) to 1M (1048576).";

    // Compression settings (mksquashfs -comp syntax). Each message names the token it refuses.
    public const string CompressionSettingsEmpty = "No compressor given: expected one of {0}, then its -X options (for example \"xz -Xdict-size 100%\").";
    public const string UnknownCompressor = "Unknown compressor '{0}': expected one of {1}.";
    public const string CompressorTakesNoOptions = "Unexpected '{0}': the {1} compressor takes no options.";
    public const string UnknownCompressorOption = "Unknown option '{0}' for the {1} compressor: its options are {2}.";
    public const string UnexpectedCompressorToken = "Unexpected '{0}' after the {1} compressor: expected one of its options, {2}.";
    public const string CompressorOptionMissingValue = "The {1} option {0} needs a value: {2}.";
    public const string CompressorOptionBadValue = "Invalid value '{1}' for the {2} option {0}: {3}.";
    public const string ExpectedIntegerRange = "expected an integer from {0} to {1}";
    public const string ValueIntegerRange = "an integer from {0} to {1} (default {2})";
    public const string ValueLzoLevel = "an integer from 1 to 9 (default {0}), for lzo1x_999 only";
    public const string ValueList = "a comma-separated list of {0}";
    public const string ValueOneOf = "one of {0} (default {1})";
    public const string ValueXzDictionarySize = "a size in bytes with an optional K or M suffix (8K, 64K, 131072) or a percentage of the block size (100%, 50%, 37.5%)";
    public const string NotOneOf = "'{0}' is not one of {1}";
    public const string LzoLevelNeedsLzo1x999 = "The lzo option -Xcompression-level applies only to the lzo1x_999 algorithm, not to {0}.";
    public const string XzDictionarySyntax = "expected " + ValueXzDictionarySize;
    public const string XzDictionaryPercentRange = "a percentage must be greater than 0 and at most 100";
    public const string XzDictionaryFractional = "a size in bytes can't be fractional, only a percentage of the block size can";
    public const string XzDictionaryTooLarge = "it is larger than the largest block size, {0}";
    public const string XzDictionaryTooSmall = "the dictionary must be 8192 bytes or larger";
    public const string XzDictionaryNotStorable = "the dictionary size must be storable in the xz header as 2^n or 2^n+2^(n+1), such as 8K, 12K, 16K, 24K or 32K, or 75%, 50%, 37.5% or 25% of the block size";
    public const string XzDictionaryLargerThanBlock = "The xz option -Xdict-size {0} is larger than the block size {1}.";
    public const string XzDictionaryPercentUnusable = "The xz option -Xdict-size {0} of block size {1} gives {2} bytes: {3}.";

    // Compressors at work.
    public const string NativeLibraryMissing = "The {0} compressor needs the native library {1}, which could not be loaded: install it with 'apt-get install {2}' (Debian/Ubuntu) or 'dnf install {3}' (Fedora/RHEL).";
    public const string CompressionFailed = "{0} compression failed: {1} returned error {2}.";
    public const string BlockCorrupt = "A {0} block is corrupt or larger than {1} bytes: {2}.";

    // Compressor options block read from an image.
    public const string UnknownCompressorId = "Compressor id {0} is not supported: the known ids are 1 (gzip), 2 (lzma), 3 (lzo), 4 (xz), 5 (lz4) and 6 (zstd).";
    public const string CompressorOptionsSize = "The {0} compressor options block is {1} bytes long; expected {2}.";
    public const string CompressorOptionsBadValue = "The {0} compressor options block holds an invalid {1}: {2}.";
    public const string CompressorOptionsUnsupportedFlags = "The {0} compressor options block sets unsupported {1} 0x{2:X}.";
}
