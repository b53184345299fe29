using System.Runtime.InteropServices;

namespace Squashfs.Compression;

/// <summary>The liblzo2 entry points that the lzo compressor uses, as mksquashfs's lzo wrapper uses them.</summary>
internal static unsafe partial class LibLzo2
{
    public const string Library = "liblzo2.so.2";

    public const int Ok = 0;

    /// <summary>Called when an lzo compressor is created, so that images without lzo never need the library.</summary>
    public static void EnsureLoaded() => NativeLibraryCheck.EnsureLoaded(Library, "lzo", "liblzo2-2", "lzo");

    /// <summary>The library's version string, which enters the cache identity: another liblzo2 may encode differently.</summary>
    public static string Version => Marshal.PtrToStringUTF8((nint)VersionString()) ?? "";

    [LibraryImport(Library, EntryPoint = "lzo_version_string")]
    private static partial byte* VersionString();

    [LibraryImport(Library, EntryPoint = "lzo1x_1_compress")]
    public static partial int Lzo1x1Compress(byte* source, nuint sourceLength, byte* destination, nuint* destinationLength, void* workMemory);

    [LibraryImport(Library, EntryPoint = "lzo1x_1_11_compress")]
    public static partial int Lzo1x1_11Compress(byte* source, nuint sourceLength, byte* destination, nuint* destinationLength, void* workMemory);

    [LibraryImport(Library, EntryPoint = "lzo1x_1_12_compress")]
    public static partial int Lzo1x1_12Compress(byte* source, nuint sourceLength, byte* destination, nuint* destinationLength, void* workMemory);

    [LibraryImport(Library, EntryPoint = "lzo1x_1_15_compress")]
    public static partial int Lzo1x1_15Compress(byte* source, nuint sourceLength, byte* destination, nuint* destinationLength, void* workMemory);

    [LibraryImport(Library, EntryPoint = "lzo1x_999_compress_level")]
    public static partial int Lzo1x999CompressLevel(byte* source, nuint sourceLength, byte* destination, nuint* destinationLength, void* workMemory, byte* dictionary, nuint dictionaryLength, void* callback, int level);

    /// <summary>Rewrites compressed data in place into a form that decompresses faster; <paramref name="original"/> receives the data again.</summary>
    [LibraryImport(Library, EntryPoint = "lzo1x_optimize")]
    public static partial int Lzo1xOptimize(byte* compressed, nuint compressedLength, byte* original, nuint* originalLength, void* workMemory);

    [LibraryImport(Library, EntryPoint = "lzo1x_decompress_safe")]
    public static partial int Lzo1xDecompressSafe(byte* source, nuint sourceLength, byte* destination, nuint* destinationLength, void* workMemory);

    /// <summary>The work memory an algorithm needs (LZO1X_*_MEM_COMPRESS in lzo/lzo1x.h, whose dictionaries hold pointers).</summary>
    public static int WorkMemorySize(LzoAlgorithm algorithm) => algorithm switch
    {
        LzoAlgorithm.Lzo1x1 => 16384 * IntPtr.Size,
        LzoAlgorithm.Lzo1x1_11 => 2048 * IntPtr.Size,
        LzoAlgorithm.Lzo1x1_12 => 4096 * IntPtr.Size,
        LzoAlgorithm.Lzo1x1_15 => 32768 * IntPtr.Size,
        _ => 14 * 16384 * sizeof(short),
    };
}
