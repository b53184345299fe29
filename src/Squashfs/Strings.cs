namespace Squashfs;

/// <summary>Message texts of the squashfs library, in one place.</summary>
internal static class Strings
{
    // Tree
    public const string HardLinkTargetInvalid = "A hard link must point to a file, symlink, device, FIFO or socket, not to a directory or another hard link.";
    public const string HardLinkOutsideTree = "The hard link '{0}' points to an entry that is not in the same tree.";
    public const string EntryAlreadyHasParent = "The entry '{0}' already belongs to a directory.";
    public const string DuplicateName = "The name '{0}' already exists in '{1}'.";
    public const string NotADirectory = "'{0}' exists and is not a directory.";
    public const string InvalidName = "'{0}' is not a valid file name: names are non-empty, not '.' or '..', and hold no '/' or NUL.";
    public const string NameNotUtf8 = "'{0}' holds '{1}', a name that is not UTF-8 (the bytes shown as \\xNN): rename it to UTF-8 (convmv -f latin1 -t utf8), or leave it out.";
    public const string NameTooLong = "The name '{0}' is longer than {1} bytes.";
    public const string UnsupportedXattr = "The extended attribute '{0}' cannot be stored: squashfs keeps only the user., trusted. and security. namespaces.";

    // Writer
    public const string StreamNotSeekable = "The output stream must be writable, seekable and at position 0: the superblock at the start is written last.";
    public const string NotARoot = "The directory to write must be a root (an entry without a parent).";
    public const string InvalidBlockSize = "Block size {0} is invalid: it must be a power of two from 4096 to 1048576.";
    public const string TooManyIds = "The image would need more than 65536 distinct uids and gids.";
    public const string CannotReadFile = "Cannot read '{0}': {1}. {2}";
    public const string ReadFailedIo = "The disk or file system under it failed to deliver its data: check the device (dmesg), or copy the file from a healthy source, then build again.";
    public const string ReadFailedRemoved = "It was removed during the build: leave it in place until the build is done.";
    public const string ReadFailedDenied = "This user may not read it: make it readable for the user running the build, or leave it out.";
    public const string ReadFailedReplaced = "It was replaced by a directory during the build: leave it in place until the build is done.";
    public const string ReadFailedStale = "It was replaced on the file server during the build: build again.";
    public const string ReadFailedDeviceGone = "The device it is on went away: reconnect it, then build again.";
    public const string ReadFailedOther = "Check the file, then build again.";
    public const string FileShrank = "'{0}' became shorter while it was being read (it had {1} bytes when the build started): it was changed or removed during the build. Stop whatever changes it, then build again.";
    public const string BlockCacheUnusable = "The block cache '{0}' cannot be used: {1} The image is written without it, the same bytes, only not faster.";
    public const string FileGrew = "'{0}' became longer while it was being read (it had {1} bytes when the build started): it was changed during the build. Stop whatever writes to it, then build again.";
    public const string FileSizeZeroWithContent = "'{0}' says its size is 0 but yields data when read, as the pseudo files of /proc and /sys do: it cannot be copied as a file. Copy what it holds into a regular file and include that instead.";

    // Reader
    public const string ImageTooSmall = "Not a squashfs image: it is {0} bytes, smaller than a superblock.";
    public const string BadMagic = "Not a squashfs image: the superblock magic at offset 0 is not 'hsqs'.";
    public const string UnsupportedVersion = "Squashfs version {0}.{1} is not supported; only 4.0 is.";
    public const string BadBlockSize = "Corrupt superblock: block size {0} with block log {1} is not a power of two from 4096 to 1048576.";
    public const string UnknownFlags = "Corrupt superblock: unknown flag bits in 0x{0:X4}.";
    public const string BytesUsedBeyondEnd = "Corrupt or truncated image: the superblock says {0} bytes are used but the image holds {1}.";
    public const string BadSuperblockField = "Corrupt superblock: {0} = {1} is out of range.";
    public const string StreamNotReadable = "The image stream must be readable and seekable.";
    public const string ReadBeyondEnd = "Corrupt or truncated image: {0} at offset {1} ({2} bytes) lies beyond the {3} bytes used.";
    public const string MetadataOutOfTable = "Corrupt image: a {0} block at offset {1} lies outside the table.";
    public const string BadMetadataBlock = "Corrupt image: the {0} block at offset {1} has an invalid size {2}.";
    public const string CorruptMetadataBlock = "Corrupt image: the {0} block at offset {1} does not decompress: {2}";
    public const string MetadataOffsetBeyondBlock = "Corrupt image: a {0} reference points at offset {2} of the block at {1}, which holds {3} bytes.";
    public const string BadInodeField = "Corrupt inode for '{0}': {1} = {2} is invalid.";
    public const string BadTableBlock = "Corrupt image: block {1} of the {0} is at {2}, outside the table.";
    public const string TableIndexOutOfRange = "Corrupt image: {0} entry {1} is out of range (the table has {2}), needed by {3}.";
    public const string RootNotDirectory = "Corrupt image: the root inode is not a directory.";
    public const string EntryNotADirectory = "'{0}' is not a directory.";
    public const string NotAFile = "'{0}' is not a regular file.";
    public const string BadDirectoryHeader = "Corrupt directory listing of '{0}': a header or entry does not fit (count {1}).";
    public const string BadEntryName = "Corrupt directory listing of '{0}': the name '{1}' is invalid or repeated.";
    public const string EntryInodeMismatch = "Corrupt directory entry '{0}': its type or inode number does not match its inode.";
    public const string DirectoryLoop = "Corrupt image: the directory '{0}' appears twice in the tree (a loop).";
    public const string BadBlockSizeField = "Corrupt image: {0} has an invalid size field 0x{1:X8} (at offset {2}).";
    public const string CorruptDataBlock = "Corrupt image: {0} at offset {1} does not decompress: {2}";
    public const string BlockLengthMismatch = "Corrupt image: {0} holds {1} bytes, expected {2}.";
    public const string FragmentOutOfRange = "Corrupt image: the tail of '{0}' (fragment {1}, offset {2}, {3} bytes) lies outside its fragment block of {4} bytes.";
    public const string BadCompressorOptions = "Corrupt image: the compressor options block header 0x{0:X4} is invalid.";
    public const string ExtractTargetNotEmpty = "Cannot extract into '{0}': it exists and is not empty.";
    public const string ExtractEscapes = "Refusing to extract '{0}': it would land outside the target directory.";

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
    public const string NotOneOf = "'{0}' is not one of {1}";
    public const string LzoLevelNeedsLzo1x999 = "The lzo option -Xcompression-level applies only to the lzo1x_999 algorithm, not to {0}.";
    public const string XzDictionarySyntax = "expected a size in bytes with an optional K or M suffix (8K, 64K, 131072) or a percentage of the block size (100%, 50%, 37.5%)";
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
    public const string ValueIntegerRange = "an integer from {0} to {1} (default {2})";
    public const string ValueLzoLevel = "an integer from 1 to 9 (default {0}), for lzo1x_999 only";
    public const string ValueList = "a comma-separated list of {0}";
    public const string ValueOneOf = "one of {0} (default {1})";
    public const string ValueXzDictionarySize = "a size in bytes with an optional K or M suffix (8K, 64K, 131072) or a percentage of the block size (100%, 50%, 37.5%)";
}
