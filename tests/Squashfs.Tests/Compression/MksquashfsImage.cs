using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;

namespace Squashfs.Tests.Compression;

/// <summary>
/// A small image built by the real mksquashfs (squashfs-tools), read just far enough to reach the compressor options
/// and the first metadata blocks. Tests that use it fail, rather than skip, when mksquashfs is missing.
/// </summary>
internal sealed class MksquashfsImage
{
    public const int SuperblockSize = 96;
    public const int MetadataBlockSize = 8192;

    private const ushort CompressorOptionsFlag = 0x0400;
    private const ushort MetadataUncompressedBit = 0x8000;

    private MksquashfsImage(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    public ushort CompressorId => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(20));

    public int BlockSize => BinaryPrimitives.ReadInt32LittleEndian(Bytes.AsSpan(12));

    public ushort Flags => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(24));

    public long InodeTableStart => BinaryPrimitives.ReadInt64LittleEndian(Bytes.AsSpan(64));

    public long DirectoryTableStart => BinaryPrimitives.ReadInt64LittleEndian(Bytes.AsSpan(72));

    /// <summary>The compressor options as stored after the superblock, or null when the flag is clear.</summary>
    public byte[]? OptionsBlock => (Flags & CompressorOptionsFlag) == 0 ? null : ReadMetadataBlock(SuperblockSize).Payload;

    /// <summary>Where data blocks begin: after the superblock and the options metadata block, if any.</summary>
    public long DataStart => OptionsBlock is { } options ? SuperblockSize + 2 + options.Length : SuperblockSize;

    /// <summary>Builds an image of the files <paramref name="files"/> (name and content) with mksquashfs.</summary>
    public static MksquashfsImage Build(IEnumerable<string> compressionArguments, IReadOnlyDictionary<string, byte[]> files, params string[] extraArguments)
    {
        DirectoryInfo work = Directory.CreateTempSubdirectory("squashfs-compression-tests-");
        try
        {
            string source = Path.Combine(work.FullName, "source");
            Directory.CreateDirectory(source);
            foreach ((string name, byte[] content) in files)
            {
                File.WriteAllBytes(Path.Combine(source, name), content);
            }

            string image = Path.Combine(work.FullName, "image.sqfs");
            Run([source, image, "-noappend", "-no-progress", "-quiet", "-processors", "1", "-no-xattrs", .. compressionArguments, .. extraArguments]);
            return new MksquashfsImage(File.ReadAllBytes(image));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Reads the metadata block at <paramref name="offset"/>: its u16 header gives the length and bit 15 "stored uncompressed".</summary>
    public (bool Compressed, byte[] Payload) ReadMetadataBlock(long offset)
    {
        ushort header = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan((int)offset));
        int length = header & ~MetadataUncompressedBit;
        return ((header & MetadataUncompressedBit) == 0, Bytes.AsSpan((int)offset + 2, length).ToArray());
    }

    private static void Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("mksquashfs") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException("mksquashfs is needed by these tests: apt-get install squashfs-tools.", exception);
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"mksquashfs {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {error}{output.Result}");
            }
        }
    }
}
