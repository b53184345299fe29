using System.Text;
using Squashfs.Blocks;
using Squashfs.Compression;
using Squashfs.Format;
using Squashfs.Tree;

namespace Squashfs.Writing;

/// <summary>
/// Turns the tree into the inode and directory tables. Each directory's children are written before its listing,
/// and the listing before its inode, so every reference is known when it is written.
/// </summary>
internal sealed class MetadataTablesWriter
{
    private readonly SquashfsWriterOptions _options;
    private readonly IReadOnlyDictionary<ImageFile, FileLayout> _layouts;
    private readonly InodeNumbering _numbering;
    // Inodes with more than one name, written at the first; every other inode is reached once.
    private readonly Dictionary<ImageEntry, (ulong Reference, InodeType Type)> _written = new(ReferenceEqualityComparer.Instance);
    private readonly ulong[] _inodeReferences;

    public MetadataTablesWriter(SquashfsWriterOptions options, ISquashfsCompressor compressor, IReadOnlyDictionary<ImageFile, FileLayout> layouts, InodeNumbering numbering)
    {
        _options = options;
        _layouts = layouts;
        _numbering = numbering;
        Inodes = new MetadataWriter(compressor, options.CompressInodes);
        Directories = new MetadataWriter(compressor, options.CompressInodes);
        Xattrs = new XattrTable.Writer(compressor, compress: true);
        _inodeReferences = new ulong[numbering.Count];
    }

    public MetadataWriter Inodes { get; }
    public MetadataWriter Directories { get; }
    public IdTable Ids { get; } = new();
    public XattrTable.Writer Xattrs { get; }

    /// <summary>Inode references by inode number - 1, for the export table.</summary>
    public IReadOnlyList<ulong> InodeReferences => _inodeReferences;

    public ulong WriteRoot(ImageDirectory root)
    {
        var reference = WriteDirectory(root, parentNumber: _numbering.Count + 1, isRoot: true);
        Inodes.Finish();
        Directories.Finish();
        return reference;
    }

    private ulong WriteDirectory(ImageDirectory directory, uint parentNumber, bool isRoot)
    {
        var number = _numbering.NumberOf(directory);
        var entries = new List<DirectoryEntry>(directory.Count);
        var subdirectories = 0u;
        foreach (var child in directory.Children)
        {
            ulong reference;
            InodeType type;
            if (child is ImageDirectory sub)
            {
                reference = WriteDirectory(sub, number, isRoot: false);
                type = InodeType.Directory;
                subdirectories++;
            }
            else
            {
                (reference, type) = WriteNonDirectory(InodeNumbering.InodeOf(child));
            }

            entries.Add(new DirectoryEntry(Encoding.UTF8.GetBytes(child.Name), reference, _numbering.NumberOf(child), type));
        }

        var listing = DirectoryTable.WriteListing(Directories, entries);
        var inode = NewInode(directory, number, isRoot);
        inode.LinkCount = 2 + subdirectories;
        inode.DirectoryBlockStart = listing.BlockStart;
        inode.DirectoryBlockOffset = listing.BlockOffset;
        inode.DirectoryFileSize = listing.FileSize;
        inode.ParentNumber = parentNumber;
        inode.DirectoryIndex = listing.Index;
        var basic = inode.XattrIndex == Inode.NoXattr && listing.Index.Count == 0 && listing.FileSize <= ushort.MaxValue;
        inode.Type = basic ? InodeType.Directory : InodeType.ExtendedDirectory;
        return Emit(inode);
    }

    private (ulong Reference, InodeType Type) WriteNonDirectory(ImageEntry entry)
    {
        if (_written.TryGetValue(entry, out var done))
        {
            return done;
        }

        var inode = NewInode(entry, _numbering.NumberOf(entry), isRoot: false);
        inode.LinkCount = _numbering.NameCount(entry);
        var needsExtended = inode.XattrIndex != Inode.NoXattr || inode.LinkCount > 1;
        switch (entry)
        {
            case ImageFile file:
                var layout = _layouts[file];
                inode.FileSize = (ulong)file.Content.Length;
                inode.BlocksStart = layout.BlocksStart;
                inode.BlockSizes = layout.BlockSizes;
                inode.FragmentIndex = layout.FragmentIndex;
                inode.FragmentOffset = layout.FragmentOffset;
                inode.SparseBytes = layout.SparseBytes;
                needsExtended |= inode.FileSize > uint.MaxValue || inode.BlocksStart > uint.MaxValue || inode.SparseBytes > 0;
                inode.Type = InodeType.File;
                break;
            case ImageSymlink symlink:
                inode.SymlinkTarget = Encoding.UTF8.GetBytes(symlink.Target);
                inode.Type = InodeType.Symlink;
                break;
            case ImageDevice device:
                inode.Device = Inode.EncodeDevice(device.Major, device.Minor);
                inode.Type = device.Kind == DeviceKind.Block ? InodeType.BlockDevice : InodeType.CharacterDevice;
                break;
            case ImageSpecialFile special:
                inode.Type = special.Kind == SpecialFileKind.Fifo ? InodeType.Fifo : InodeType.Socket;
                break;
            default:
                throw new InvalidOperationException($"Unexpected entry type {entry.GetType().Name}.");
        }

        if (needsExtended)
        {
            inode.Type = inode.Type.Extended();
        }

        var result = (Emit(inode), inode.Type);
        if (inode.LinkCount > 1)
        {
            _written[entry] = result;
        }

        return result;
    }

    private Inode NewInode(ImageEntry entry, uint number, bool isRoot)
    {
        var mode = isRoot && _options.RootMode is { } rootMode ? rootMode : entry.Mode;
        var mtime = _options.AllModificationTime ?? entry.ModificationTime;
        if (_options.ClampModificationTime is { } clamp && mtime > clamp)
        {
            mtime = clamp;
        }

        return new Inode
        {
            Permissions = (ushort)((int)mode & 0xFFF),
            UidIndex = Ids.IndexOf(_options.AllRoot ? 0 : entry.Uid),
            GidIndex = Ids.IndexOf(_options.AllRoot ? 0 : entry.Gid),
            ModificationTime = mtime,
            Number = number,
            XattrIndex = Xattrs.Add(entry.XattrsOrEmpty),
        };
    }

    private ulong Emit(Inode inode)
    {
        var reference = Inodes.Position;
        inode.Write(Inodes);
        _inodeReferences[inode.Number - 1] = reference;
        return reference;
    }
}
