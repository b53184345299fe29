using System.Buffers.Binary;
using Squashfs.Blocks;
using Squashfs.Caching;
using Squashfs.Format;
using Squashfs.Tree;
using Squashfs.Writing;

namespace Squashfs;

/// <summary>Writes a tree as a squashfs 4.0 image that the Linux kernel and squashfs-tools read.</summary>
public static class SquashfsWriter
{
    /// <summary>Images are padded to a multiple of this, as mksquashfs does, so loop devices see whole sectors.</summary>
    private const int PadTo = 4096;

    /// <summary>
    /// Writes the image to <paramref name="output"/>, which must be seekable, writable and positioned at 0: the
    /// superblock at its start is written last. The stream is left open.
    /// </summary>
    public static SquashfsWriteResult Write(ImageDirectory root, Stream output, SquashfsWriterOptions? options = null, IProgress<SquashfsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new SquashfsWriterOptions();
        if (!output.CanSeek || !output.CanWrite || output.Position != 0)
        {
            throw new ArgumentException(Strings.StreamNotSeekable, nameof(output));
        }

        if (root.Parent is not null)
        {
            throw new ArgumentException(Strings.NotARoot, nameof(root));
        }

        if (options.BlockSize is < SquashfsWriterOptions.MinBlockSize or > SquashfsWriterOptions.MaxBlockSize || !int.IsPow2(options.BlockSize))
        {
            throw new ArgumentOutOfRangeException(nameof(options), string.Format(CultureInfo.InvariantCulture, Strings.InvalidBlockSize, options.BlockSize));
        }

        using var compressor = options.Compression.CreateCompressor(options.BlockSize);
        var numbering = new InodeNumbering(root);

        // The superblock is written last; reserve its room, then the compressor options, stored uncompressed.
        output.Write(new byte[Superblock.Size]);
        var flags = SuperblockFlags.None;
        if (compressor.OptionsBlock is { } optionsBlock)
        {
            Span<byte> header = stackalloc byte[MetadataBlock.HeaderSize];
            BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(optionsBlock.Length | MetadataBlock.UncompressedBit));
            output.Write(header);
            output.Write(optionsBlock);
            flags |= SuperblockFlags.CompressorOptions;
        }

        var files = RegularFiles(root);
        Dictionary<ImageFile, FileLayout> layouts;
        IReadOnlyList<FragmentEntry> fragments;
        DataStatistics statistics;
        var cache = options.BlockCache is { } blockCache ? BlockCacheSession.Open(blockCache, compressor, options.BlockSize) : null;
        using (var processor = new BlockProcessor(output, compressor, options.BlockSize, Math.Max(1, options.Parallelism), cache))
        {
            var data = new FileDataWriter(processor, options.BlockSize, options.UseFragments, options.TailsInFragments, progress);
            layouts = data.WriteAll(files, options.Deduplicate, cancellationToken);
            fragments = data.Fragments;
            statistics = data.Statistics;
        }

        cache?.Finish(options.Warning);

        cancellationToken.ThrowIfCancellationRequested();
        // mksquashfs compresses metadata with settings of its own (xz: an 8K dictionary, no BCJ filter).
        using var metadataCompressor = compressor.ForMetadata();
        var tables = new MetadataTablesWriter(options, metadataCompressor, layouts, numbering);
        var superblock = new Superblock
        {
            InodeCount = numbering.Count,
            ModificationTime = options.FilesystemTime ?? (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            BlockSize = (uint)options.BlockSize,
            BlockLog = (ushort)int.Log2(options.BlockSize),
            Compressor = compressor.Id,
            FragmentEntryCount = (uint)fragments.Count,
            RootInodeReference = tables.WriteRoot(root),
        };

        superblock.InodeTableStart = (ulong)output.Position;
        tables.Inodes.CopyTo(output);
        superblock.DirectoryTableStart = (ulong)output.Position;
        tables.Directories.CopyTo(output);

        if (fragments.Count > 0)
        {
            superblock.FragmentTableStart = FragmentTable.Write(output, fragments, metadataCompressor);
        }

        if (options.ExportTable)
        {
            superblock.ExportTableStart = ExportTable.Write(output, tables.InodeReferences, metadataCompressor);
            flags |= SuperblockFlags.Exportable;
        }

        superblock.IdTableStart = tables.Ids.Write(output, metadataCompressor);
        superblock.IdCount = (ushort)tables.Ids.Ids.Count;
        if (tables.Xattrs.IsEmpty)
        {
            flags |= SuperblockFlags.NoXattrs;
        }
        else
        {
            superblock.XattrIdTableStart = tables.Xattrs.Write(output);
        }

        if (!options.UseFragments)
        {
            flags |= SuperblockFlags.NoFragments;
        }

        if (options.UseFragments && options.TailsInFragments)
        {
            flags |= SuperblockFlags.AlwaysFragments;
        }

        if (!options.CompressInodes)
        {
            flags |= SuperblockFlags.UncompressedInodes;
        }

        if (options.Deduplicate)
        {
            flags |= SuperblockFlags.Duplicates;
        }

        superblock.Flags = flags;
        superblock.BytesUsed = (ulong)output.Position;
        var padding = (int)((PadTo - (long)(superblock.BytesUsed % PadTo)) % PadTo);
        output.Write(new byte[padding]);
        var end = output.Position;

        Span<byte> superblockBytes = stackalloc byte[Superblock.Size];
        superblock.Write(superblockBytes);
        output.Position = 0;
        output.Write(superblockBytes);
        output.Position = end;
        output.Flush();

        return new SquashfsWriteResult(end, numbering.Count, statistics.Files, statistics.BytesRead, statistics.DuplicateFiles, statistics.DuplicateBytes, statistics.SparseBytes, fragments.Count)
        {
            CachedBlocks = cache?.Hits ?? 0,
        };
    }

    /// <summary>Writes the image to a file, replacing it atomically: a temporary file beside it is renamed on success.</summary>
    public static SquashfsWriteResult Write(ImageDirectory root, string path, SquashfsWriterOptions? options = null, IProgress<SquashfsProgress>? progress = null, CancellationToken cancellationToken = default) =>
        AtomicFile.Write(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
            var result = Write(root, stream, options, progress, cancellationToken);
            stream.Flush(flushToDisk: true);
            return result;
        });

    /// <summary>Every regular file once, in tree order; a hard-linked file where its first name is.</summary>
    private static List<ImageFile> RegularFiles(ImageDirectory root)
    {
        var linked = root.Descendants().OfType<ImageHardLink>().Select(l => l.Target).OfType<ImageFile>().ToHashSet(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<ImageFile>(ReferenceEqualityComparer.Instance);
        var files = new List<ImageFile>();
        foreach (var entry in root.Descendants())
        {
            if (InodeNumbering.InodeOf(entry) is ImageFile file && (!linked.Contains(file) || seen.Add(file)))
            {
                files.Add(file);
            }
        }

        return files;
    }
}
