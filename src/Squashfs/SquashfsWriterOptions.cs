using Squashfs.Caching;
using Squashfs.Compression;

namespace Squashfs;

/// <summary>How an image is written. The defaults match mksquashfs with nixpkgs' portableService settings.</summary>
public sealed record SquashfsWriterOptions
{
    public const int MinBlockSize = 4096;
    public const int MaxBlockSize = 1 << 20;

    public CompressionSettings Compression { get; init; } = CompressionSettings.Default;

    /// <summary>Data block size: a power of two from 4 KiB to 1 MiB.</summary>
    public int BlockSize { get; init; } = MaxBlockSize;

    /// <summary>Pack files smaller than a block into shared fragment blocks (mksquashfs without -no-fragments).</summary>
    public bool UseFragments { get; init; } = true;

    /// <summary>Also pack the tails of larger files into fragments (mksquashfs -always-use-fragments).</summary>
    public bool TailsInFragments { get; init; } = true;

    /// <summary>Store files with identical contents once (mksquashfs without -no-duplicates).</summary>
    public bool Deduplicate { get; init; } = true;

    /// <summary>Write the export table that NFS needs (mksquashfs -exports).</summary>
    public bool ExportTable { get; init; }

    /// <summary>Make every inode owned by uid and gid 0 (mksquashfs -all-root).</summary>
    public bool AllRoot { get; init; }

    /// <summary>Permissions of the root directory (mksquashfs -root-mode), or null to keep the tree's.</summary>
    public UnixFileMode? RootMode { get; init; }

    /// <summary>Give every inode this modification time (mksquashfs -all-time), or null to keep the tree's.</summary>
    public uint? AllModificationTime { get; init; }

    /// <summary>Lower any later modification time to this (SOURCE_DATE_EPOCH's clamping), or null.</summary>
    public uint? ClampModificationTime { get; init; }

    /// <summary>The filesystem creation time in the superblock (mksquashfs -mkfs-time); null means now.</summary>
    public uint? FilesystemTime { get; init; }

    /// <summary>Compress the inode and directory tables (mksquashfs without -noI); off leaves them readable as plain bytes.</summary>
    public bool CompressInodes { get; init; } = true;

    /// <summary>Threads that compress blocks. The output does not depend on it.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Where compressed data and fragment blocks are kept between builds, so that a rebuild compresses only blocks it
    /// has not seen; null (the default) compresses everything. The image is the same bytes either way.
    /// </summary>
    public BlockCache? BlockCache { get; init; }

    /// <summary>
    /// Receives, on the writing thread, a message for each problem that does not stop the image, such as a block cache
    /// that cannot be written (the build then goes on without it). Null ignores them.
    /// </summary>
    public Action<string>? Warning { get; init; }
}
