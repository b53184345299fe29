using System.Text;
using Squashfs.Compression;
using Squashfs.Format;
using Squashfs.Reading;
using Squashfs.Tree;

namespace Squashfs;

/// <summary>
/// Reads a squashfs 4.0 image from a file or stream. Every image is treated as untrusted: malformed structures give
/// an <see cref="InvalidDataException"/> naming the structure and offset, never a hang or an unchecked allocation.
/// </summary>
public sealed class SquashfsReader : IDisposable
{
    private const int MaxSymlinkHops = 40;
    private readonly ImageSource _source;
    private readonly Superblock _superblock;
    private readonly ISquashfsCompressor _compressor;
    private readonly Lock _decompressLock = new();
    private readonly MetadataReader _inodes;
    private readonly MetadataReader _directories;
    private readonly IdTable _ids;
    private readonly FragmentTable? _fragments;
    private readonly XattrTable.Reader? _xattrs;
    private (uint Index, byte[] Data)? _lastFragment;

    public SquashfsReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException(Strings.StreamNotReadable, nameof(stream));
        }

        try
        {
            Span<byte> bytes = stackalloc byte[Superblock.Size];
            stream.Position = 0;
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            _superblock = Superblock.Read(bytes[..read], stream.Length);
            _source = new ImageSource(leaveOpen ? new NonClosingStream(stream) : stream, (long)_superblock.BytesUsed);
            _compressor = CreateCompressor();
            (_ids, var idTableStart) = IdTable.Read(_source, _compressor, _superblock.IdTableStart, _superblock.IdCount);
            if (_superblock.FragmentEntryCount > 0)
            {
                _fragments = FragmentTable.Read(_source, _compressor, _superblock.FragmentTableStart, _superblock.FragmentEntryCount);
            }

            if (_superblock.XattrIdTableStart != Superblock.NoTable)
            {
                _xattrs = new XattrTable.Reader(_source, _compressor, _superblock.XattrIdTableStart);
            }

            var directoryEnd = DirectoryTableEnd(idTableStart);
            _inodes = new MetadataReader(_source, _compressor, _superblock.InodeTableStart, _superblock.DirectoryTableStart, "inode table");
            _directories = new MetadataReader(_source, _compressor, _superblock.DirectoryTableStart, directoryEnd, "directory table");

            Root = ReadEntry("/", string.Empty, _superblock.RootInodeReference);
            if (Root.Kind != SquashfsEntryKind.Directory)
            {
                throw new InvalidDataException(Strings.RootNotDirectory);
            }
        }
        catch
        {
            _compressor?.Dispose();
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            throw;
        }
    }

    /// <summary>Opens an image file for reading.</summary>
    public static SquashfsReader Open(string path) => new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read));

    public SquashfsEntry Root { get; }

    public SquashfsCompressorId Compressor => _superblock.Compressor;

    public int BlockSize => (int)_superblock.BlockSize;

    public uint InodeCount => _superblock.InodeCount;

    public uint FilesystemTime => _superblock.ModificationTime;

    public long BytesUsed => (long)_superblock.BytesUsed;

    public bool HasExportTable => _superblock.ExportTableStart != Superblock.NoTable;

    /// <summary>The entries of a directory, in on-disk order (sorted by name).</summary>
    public IReadOnlyList<SquashfsEntry> GetChildren(SquashfsEntry directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.Kind != SquashfsEntryKind.Directory)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.EntryNotADirectory, directory.Path), nameof(directory));
        }

        var inode = directory.Inode;
        var cursor = _directories.At(inode.DirectoryBlockStart, inode.DirectoryBlockOffset);
        var children = new List<SquashfsEntry>();
        var prefix = directory.Path == "/" ? "/" : directory.Path + "/";
        foreach (var entry in DirectoryTable.ReadListing(cursor, inode.DirectoryFileSize, directory.Path))
        {
            var name = Encoding.UTF8.GetString(entry.Name);
            var child = ReadEntry(prefix + name, name, entry.InodeReference);
            if (child.Inode.Type.Basic() != entry.Type || child.InodeNumber != entry.InodeNumber)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.EntryInodeMismatch, child.Path));
            }

            children.Add(child);
        }

        return children;
    }

    /// <summary>The entry at an absolute path, without following symlinks; null if there is none.</summary>
    public SquashfsEntry? Find(string path)
    {
        var current = Root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Kind != SquashfsEntryKind.Directory)
            {
                return null;
            }

            var next = GetChildren(current).FirstOrDefault(c => c.Name == part);
            if (next is null)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// The entry a path leads to inside the image, following symlinks as the image's own root would see them
    /// (absolute targets start at the image root); null if it leads nowhere.
    /// </summary>
    public SquashfsEntry? Resolve(string path)
    {
        var hops = 0;
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var trail = new List<SquashfsEntry> { Root };
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (trail.Count > 1)
                {
                    trail.RemoveAt(trail.Count - 1);
                }

                continue;
            }

            var current = trail[^1];
            if (current.Kind != SquashfsEntryKind.Directory || GetChildren(current).FirstOrDefault(c => c.Name == part) is not { } next)
            {
                return null;
            }

            if (next.Kind == SquashfsEntryKind.Symlink)
            {
                if (++hops > MaxSymlinkHops)
                {
                    return null;
                }

                var target = next.SymlinkTarget!;
                if (target.StartsWith('/'))
                {
                    trail.RemoveRange(1, trail.Count - 1);
                }

                foreach (var p in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(p);
                }

                continue;
            }

            trail.Add(next);
        }

        return trail[^1];
    }

    /// <summary>
    /// Every entry below the root, depth first in name order. A directory met twice is an error (a loop); an explicit
    /// stack keeps deep trees from exhausting the call stack.
    /// </summary>
    public IEnumerable<SquashfsEntry> Walk()
    {
        var seen = new HashSet<ulong> { Root.InodeReference };
        var stack = new Stack<IEnumerator<SquashfsEntry>>();
        stack.Push(GetChildren(Root).GetEnumerator());
        while (stack.TryPeek(out var siblings))
        {
            if (!siblings.MoveNext())
            {
                stack.Pop();
                continue;
            }

            var child = siblings.Current;
            yield return child;
            if (child.Kind == SquashfsEntryKind.Directory)
            {
                if (!seen.Add(child.InodeReference))
                {
                    throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.DirectoryLoop, child.Path));
                }

                stack.Push(GetChildren(child).GetEnumerator());
            }
        }
    }

    /// <summary>Opens a regular file's data for sequential reading.</summary>
    public Stream OpenFile(SquashfsEntry file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Kind == SquashfsEntryKind.File
            ? new SquashfsFileStream(this, file)
            : throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.NotAFile, file.Path), nameof(file));
    }

    public byte[] ReadAllBytes(SquashfsEntry file)
    {
        using var stream = OpenFile(file);
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public void Dispose()
    {
        _source.Dispose();
        _compressor.Dispose();
    }

    internal MetadataCursor BlockList(Inode inode) => _inodes.At(inode.BlockListPosition.BlockStart, inode.BlockListPosition.Offset);

    /// <summary>Reads one data or fragment block and returns its uncompressed length in <paramref name="destination"/>.</summary>
    internal int ReadBlock(ulong position, uint sizeField, Span<byte> destination, string what)
    {
        var size = (int)(sizeField & ~Inode.BlockUncompressedBit);
        if ((sizeField & ~(Inode.BlockUncompressedBit | 0xFFFFFF)) != 0 || size > BlockSize || size == 0)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadBlockSizeField, what, sizeField, position));
        }

        if ((sizeField & Inode.BlockUncompressedBit) != 0)
        {
            _source.Read((long)position, destination[..size], what);
            return size;
        }

        var raw = new byte[size];
        _source.Read((long)position, raw, what);
        lock (_decompressLock)
        {
            try
            {
                return _compressor.Decompress(raw, destination);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CorruptDataBlock, what, position, e.Message), e);
            }
        }
    }

    /// <summary>A fragment block, uncompressed. The last one read is kept: small files share fragments in order.</summary>
    internal byte[] FragmentData(uint index, string what)
    {
        lock (_decompressLock)
        {
            if (_lastFragment is { } last && last.Index == index)
            {
                return last.Data;
            }
        }

        if (_fragments is null)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.TableIndexOutOfRange, "fragment table", index, 0, what));
        }

        var entry = _fragments.Entry(index, what);
        var buffer = new byte[BlockSize];
        var length = ReadBlock(entry.Start, entry.SizeField, buffer, $"fragment block {index} (for {what})");
        var data = buffer[..length];
        lock (_decompressLock)
        {
            _lastFragment = (index, data);
        }

        return data;
    }

    private SquashfsEntry ReadEntry(string path, string name, ulong reference)
    {
        var inode = Inode.Read(_inodes.At(reference), _superblock.InodeCount, path);
        if (inode.UidIndex >= _ids.Ids.Count || inode.GidIndex >= _ids.Ids.Count)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, path, "uid/gid index", Math.Max(inode.UidIndex, inode.GidIndex)));
        }

        IReadOnlyList<ImageXattr> xattrs = [];
        if (inode.XattrIndex != Inode.NoXattr)
        {
            xattrs = _xattrs?.Read(inode.XattrIndex, path) ?? throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, path, "xattr index", inode.XattrIndex));
        }

        return new SquashfsEntry(path, name, inode, reference, _ids.Ids[inode.UidIndex], _ids.Ids[inode.GidIndex], xattrs);
    }

    private ISquashfsCompressor CreateCompressor()
    {
        var options = ReadOnlySpan<byte>.Empty;
        if ((_superblock.Flags & SuperblockFlags.CompressorOptions) != 0)
        {
            Span<byte> header = stackalloc byte[MetadataBlock.HeaderSize];
            _source.Read(Superblock.Size, header, "compressor options");
            var word = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header);
            var length = word & ~MetadataBlock.UncompressedBit;
            if ((word & MetadataBlock.UncompressedBit) == 0 || length == 0 || length > 64)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadCompressorOptions, word));
            }

            var bytes = new byte[length];
            _source.Read(Superblock.Size + MetadataBlock.HeaderSize, bytes, "compressor options");
            options = bytes;
        }

        return CompressorFactory.FromImage(_superblock.Compressor, options, (int)_superblock.BlockSize);
    }

    /// <summary>The directory table ends where the first table after it starts.</summary>
    private ulong DirectoryTableEnd(ulong idTableStart)
    {
        var end = idTableStart;
        if (_fragments is not null)
        {
            end = Math.Min(end, _fragments.FirstBlock);
        }

        if (_superblock.ExportTableStart != Superblock.NoTable)
        {
            var export = ExportTable.Read(_source, _compressor, _superblock.ExportTableStart, _superblock.InodeCount);
            end = Math.Min(end, export.FirstBlock);
        }

        if (_xattrs is not null)
        {
            end = Math.Min(end, _xattrs.PairsStart);
        }

        if (end < _superblock.DirectoryTableStart)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadSuperblockField, "directory_table_start", _superblock.DirectoryTableStart));
        }

        return end;
    }
}
