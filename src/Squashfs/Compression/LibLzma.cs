using System.Runtime.InteropServices;

namespace Squashfs.Compression;

/// <summary>The liblzma (xz-utils) entry points that the xz and lzma compressors use, as mksquashfs uses them.</summary>
internal static unsafe partial class LibLzma
{
    public const string Library = "liblzma.so.5";

    public const ulong FilterX86 = 0x04;
    public const ulong FilterPowerPC = 0x05;
    public const ulong FilterIA64 = 0x06;
    public const ulong FilterArm = 0x07;
    public const ulong FilterArmThumb = 0x08;
    public const ulong FilterSparc = 0x09;
    public const ulong FilterLzma2 = 0x21;

    /// <summary>LZMA_VLI_UNKNOWN, which ends a filter chain.</summary>
    public const ulong FilterChainEnd = ulong.MaxValue;

    public const uint CheckCrc32 = 1;

    // lzma_ret values.
    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int BufError = 10;

    // lzma_action values.
    public const int Run = 0;
    public const int Finish = 3;

    public static void EnsureLoaded(string compressor) => NativeLibraryCheck.EnsureLoaded(Library, compressor, "liblzma5", "xz-libs");

    /// <summary>The library's version string, which enters the cache identity: another liblzma may encode differently.</summary>
    public static string Version => Marshal.PtrToStringUTF8((nint)VersionString()) ?? "";

    [LibraryImport(Library, EntryPoint = "lzma_version_string")]
    private static partial byte* VersionString();

    [LibraryImport(Library, EntryPoint = "lzma_lzma_preset")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool LzmaPreset(OptionsLzma* options, uint preset);

    [LibraryImport(Library, EntryPoint = "lzma_stream_buffer_encode")]
    public static partial int StreamBufferEncode(Filter* filters, uint check, Allocator* allocator, byte* input, nuint inputSize, byte* output, nuint* outputPosition, nuint outputSize);

    [LibraryImport(Library, EntryPoint = "lzma_stream_buffer_decode")]
    public static partial int StreamBufferDecode(ulong* memoryLimit, uint flags, Allocator* allocator, byte* input, nuint* inputPosition, nuint inputSize, byte* output, nuint* outputPosition, nuint outputSize);

    [LibraryImport(Library, EntryPoint = "lzma_alone_encoder")]
    public static partial int AloneEncoder(Stream* stream, OptionsLzma* options);

    [LibraryImport(Library, EntryPoint = "lzma_alone_decoder")]
    public static partial int AloneDecoder(Stream* stream, ulong memoryLimit);

    [LibraryImport(Library, EntryPoint = "lzma_code")]
    public static partial int Code(Stream* stream, int action);

    [LibraryImport(Library, EntryPoint = "lzma_end")]
    public static partial void End(Stream* stream);

    /// <summary>lzma_allocator: liblzma allocates and frees through these instead of malloc and free.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Allocator
    {
        public delegate* unmanaged<void*, nuint, nuint, void*> Alloc;
        public delegate* unmanaged<void*, void*, void> Free;
        public void* Opaque;
    }

    /// <summary>lzma_filter.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Filter
    {
        public ulong Id;
        public void* Options;
    }

    /// <summary>lzma_options_lzma (lzma/lzma12.h); the reserved tail gives the size the library writes into.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OptionsLzma
    {
        public uint DictionarySize;
        public byte* PresetDictionary;
        public uint PresetDictionarySize;
        public uint LiteralContextBits;
        public uint LiteralPositionBits;
        public uint PositionBits;
        public int Mode;
        public uint NiceLength;
        public int MatchFinder;
        public uint Depth;
        private fixed uint _reservedInts[8];
        private fixed int _reservedEnums[4];
        private void* _reservedPointer1;
        private void* _reservedPointer2;
    }

    /// <summary>lzma_stream (lzma/base.h); zero-initialised, as LZMA_STREAM_INIT is.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Stream
    {
        public byte* NextIn;
        public nuint AvailableIn;
        public ulong TotalIn;
        public byte* NextOut;
        public nuint AvailableOut;
        public ulong TotalOut;
        public Allocator* Allocator;
        private void* _internal;
        private void* _reservedPointer1;
        private void* _reservedPointer2;
        private void* _reservedPointer3;
        private void* _reservedPointer4;
        private ulong _seekPosition;
        private ulong _reservedInt2;
        private nuint _reservedInt3;
        private nuint _reservedInt4;
        private int _reservedEnum1;
        private int _reservedEnum2;
    }
}
