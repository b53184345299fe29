namespace Squashfs.Compression;

/// <summary>Compressor ids as stored in the superblock (squashfs 4.0 format).</summary>
public enum SquashfsCompressorId : ushort
{
    Gzip = 1,
    Lzma = 2,
    Lzo = 3,
    Xz = 4,
    Lz4 = 5,
    Zstd = 6,
}
