using System.Runtime.InteropServices;

namespace Squashfs.Compression;

/// <summary>
/// The liblz4 entry points that the lz4 compressor uses, as mksquashfs's lz4 wrapper uses them. liblz4-1 is on every
/// Debian and Ubuntu machine (libsystemd0 depends on it).
/// </summary>
internal static unsafe partial class LibLz4
{
    public const string Library = "liblz4.so.1";

    /// <summary>LZ4HC_CLEVEL_MAX, the level mksquashfs uses for -Xhc.</summary>
    public const int HighCompressionLevel = 12;

    public static void EnsureLoaded() => NativeLibraryCheck.EnsureLoaded(Library, "lz4", "liblz4-1", "lz4-libs");

    /// <summary>The library's version string, which enters the cache identity: another liblz4 may encode differently.</summary>
    public static string Version => Marshal.PtrToStringUTF8((nint)VersionString()) ?? "";

    [LibraryImport(Library, EntryPoint = "LZ4_versionString")]
    private static partial byte* VersionString();

    /// <summary>Returns the compressed size, or 0 when it does not fit in <paramref name="destinationCapacity"/>.</summary>
    [LibraryImport(Library, EntryPoint = "LZ4_compress_default")]
    public static partial int CompressDefault(byte* source, byte* destination, int sourceSize, int destinationCapacity);

    /// <summary>Returns the compressed size, or 0 when it does not fit in <paramref name="destinationCapacity"/>.</summary>
    [LibraryImport(Library, EntryPoint = "LZ4_compress_HC")]
    public static partial int CompressHighCompression(byte* source, byte* destination, int sourceSize, int destinationCapacity, int level);

    /// <summary>Returns the decompressed size, or a negative number for corrupt input or too small a destination.</summary>
    [LibraryImport(Library, EntryPoint = "LZ4_decompress_safe")]
    public static partial int DecompressSafe(byte* source, byte* destination, int compressedSize, int destinationCapacity);
}
