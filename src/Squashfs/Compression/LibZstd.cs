using System.Runtime.InteropServices;

namespace Squashfs.Compression;

/// <summary>
/// The libzstd entry points that the zstd compressor uses, as mksquashfs's zstd wrapper uses them. libzstd1 is on every
/// Debian and Ubuntu machine (apt, dpkg and libsystemd0 depend on it), and it runs faster than a managed port.
/// </summary>
internal static unsafe partial class LibZstd
{
    public const string Library = "libzstd.so.1";

    /// <summary>ZSTD_error_dstSize_tooSmall (zstd_errors.h): the frame does not fit, so the block is stored uncompressed.</summary>
    public const int ErrorDestinationTooSmall = 70;

    public static void EnsureLoaded() => NativeLibraryCheck.EnsureLoaded(Library, "zstd", "libzstd1", "libzstd");

    /// <summary>The library's version string, which enters the cache identity: another libzstd may encode differently.</summary>
    public static string Version => Marshal.PtrToStringUTF8((nint)VersionString()) ?? "";

    [LibraryImport(Library, EntryPoint = "ZSTD_versionString")]
    private static partial byte* VersionString();

    [LibraryImport(Library, EntryPoint = "ZSTD_createCCtx")]
    public static partial CompressionContext CreateCompressionContext();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeCCtx")]
    public static partial nuint FreeCompressionContext(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_compressCCtx")]
    public static partial nuint Compress(CompressionContext context, byte* destination, nuint destinationCapacity, byte* source, nuint sourceSize, int level);

    [LibraryImport(Library, EntryPoint = "ZSTD_createDCtx")]
    public static partial DecompressionContext CreateDecompressionContext();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeDCtx")]
    public static partial nuint FreeDecompressionContext(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_decompressDCtx")]
    public static partial nuint Decompress(DecompressionContext context, byte* destination, nuint destinationCapacity, byte* source, nuint sourceSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorCode")]
    public static partial int GetErrorCode(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    public static partial byte* GetErrorName(nuint code);

    public static string ErrorName(nuint code) => Marshal.PtrToStringUTF8((nint)GetErrorName(code)) ?? "error " + GetErrorCode(code);

    /// <summary>A ZSTD_CCtx, freed when the compressor that owns it is collected.</summary>
    public sealed class CompressionContext() : SafeHandle(0, ownsHandle: true)
    {
        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle() => FreeCompressionContext(handle) == 0;
    }

    /// <summary>A ZSTD_DCtx, freed when the compressor that owns it is collected.</summary>
    public sealed class DecompressionContext() : SafeHandle(0, ownsHandle: true)
    {
        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle() => FreeDecompressionContext(handle) == 0;
    }
}
