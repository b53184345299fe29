using System.IO.Enumeration;
using Squashfs.Interop;

namespace Squashfs.Tree;

/// <summary>
/// Reads host files into image entries as they are: types, permissions, owners, modification times, symlink targets,
/// device numbers, extended attributes in the namespaces squashfs stores (user., trusted., security.: file
/// capabilities and SELinux labels among them), and hard links (files that share an inode on the host share one in the
/// image). File data is not read here, only when the image is written. POSIX ACLs (<c>system.posix_acl_*</c>) have no
/// place in squashfs: they are left out, and counted (<see cref="EntriesWithAcls"/>) so that the caller can say so.
/// </summary>
public sealed class HostTreeLoader
{
    private static readonly string[] StoredXattrNamespaces = ["user.", "trusted.", "security."];
    private const string AclPrefix = "system.posix_acl_";

    // Every entry, as Directory.EnumerateFileSystemEntries gives: the default options skip "hidden" entries (on Unix
    // the dot files) and ignore directories that cannot be read.
    private static readonly EnumerationOptions s_everything = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    private readonly Dictionary<(ulong Device, ulong Inode), ImageEntry> _inodes = [];

    /// <summary>How many of the entries read carry a POSIX ACL (access or default), which the image cannot keep.</summary>
    public int EntriesWithAcls { get; private set; }

    /// <summary>The first entry read that carries a POSIX ACL, or null.</summary>
    public string? FirstEntryWithAcl { get; private set; }

    /// <summary>
    /// An image root holding the contents of a host directory (whose own metadata goes to the root), leaving out what
    /// <paramref name="isExcluded"/> says (given paths relative to <paramref name="directory"/>).
    /// </summary>
    public ImageDirectory LoadRoot(string directory, Func<string, bool>? isExcluded = null, CancellationToken cancellationToken = default)
    {
        var status = UnixNative.Stat(directory);
        if (!status.IsDirectory)
        {
            throw new IOException(string.Format(CultureInfo.InvariantCulture, Strings.EntryNotADirectory, directory));
        }

        var root = ImageDirectory.CreateRoot();
        ApplyMetadata(root, status);
        ReadXattrs(root, directory);
        AddChildren(root, directory, isExcluded, string.Empty, cancellationToken);
        return root;
    }

    /// <summary>Adds the host entry at <paramref name="hostPath"/> (a directory with everything below it) to <paramref name="parent"/> as <paramref name="name"/>.</summary>
    public ImageEntry Add(ImageDirectory parent, string name, string hostPath, CancellationToken cancellationToken = default) =>
        Add(parent, name, hostPath, isExcluded: null, cancellationToken);

    /// <summary>
    /// Adds the host entry at <paramref name="hostPath"/> to <paramref name="parent"/> as <paramref name="name"/>,
    /// leaving out what is below it and excluded: <paramref name="isExcluded"/> gets paths relative to
    /// <paramref name="hostPath"/> (<c>sub/file.pdb</c>).
    /// </summary>
    public ImageEntry Add(ImageDirectory parent, string name, string hostPath, Func<string, bool>? isExcluded, CancellationToken cancellationToken = default) =>
        Add(parent, name, hostPath, isExcluded, string.Empty, cancellationToken);

    private ImageEntry Add(ImageDirectory parent, string name, string hostPath, Func<string, bool>? isExcluded, string relativePath, CancellationToken cancellationToken)
    {
        var status = UnixNative.Stat(hostPath);
        ImageEntry entry;
        if (status.IsDirectory)
        {
            var directory = new ImageDirectory(name, status.Permissions);
            ApplyMetadata(directory, status);
            ReadXattrs(directory, hostPath);
            parent.Add(directory);
            AddChildren(directory, hostPath, isExcluded, relativePath, cancellationToken);
            return directory;
        }

        if (status.LinkCount > 1 && _inodes.TryGetValue((status.FileSystemDevice, status.Inode), out var original))
        {
            return parent.Add(new ImageHardLink(name, original));
        }

        if (status.IsRegular)
        {
            entry = new ImageFile(name, FileContent.FromFile(hostPath, status.Size), status.Permissions);
        }
        else if (status.IsSymlink)
        {
            entry = new ImageSymlink(name, new FileInfo(hostPath).LinkTarget ?? string.Empty);
        }
        else if (status.IsCharacterDevice || status.IsBlockDevice)
        {
            entry = new ImageDevice(name, status.IsBlockDevice ? DeviceKind.Block : DeviceKind.Character, status.DeviceMajor, status.DeviceMinor, status.Permissions);
        }
        else
        {
            entry = new ImageSpecialFile(name, status.IsFifo ? SpecialFileKind.Fifo : SpecialFileKind.Socket, status.Permissions);
        }

        ApplyMetadata(entry, status);
        ReadXattrs(entry, hostPath);
        if (status.LinkCount > 1)
        {
            _inodes[(status.FileSystemDevice, status.Inode)] = entry;
        }

        return parent.Add(entry);
    }

    private void AddChildren(ImageDirectory directory, string hostPath, Func<string, bool>? isExcluded, string relativePath, CancellationToken cancellationToken)
    {
        // Sorted, so that which name of a hard-linked file becomes the inode does not depend on enumeration order.
        var names = HostFileNames.Relist(hostPath, new FileSystemEnumerable<string>(hostPath, static (ref entry) => entry.FileName.ToString(), s_everything).ToArray());
        Array.Sort(names, Utf8NameComparer.Instance);
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var childRelative = relativePath.Length == 0 ? name : relativePath + "/" + name;
            if (isExcluded?.Invoke(childRelative) == true)
            {
                continue;
            }

            if (HostFileNames.HasEscapes(name))
            {
                throw new IOException(string.Format(CultureInfo.InvariantCulture, Strings.NameNotUtf8, hostPath, HostFileNames.Display(name)));
            }

            Add(directory, name, Path.Join(hostPath, name), isExcluded, childRelative, cancellationToken);
        }
    }

    /// <summary>Also for the root: mksquashfs stores the source directory's own attributes.</summary>
    private void ReadXattrs(ImageEntry entry, string hostPath)
    {
        var hasAcl = false;
        foreach (var (name, value) in UnixNative.ReadXattrs(hostPath))
        {
            if (StoredXattrNamespaces.Any(n => name.StartsWith(n, StringComparison.Ordinal)))
            {
                entry.Xattrs.Add(new ImageXattr(name, value));
            }

            hasAcl |= name.StartsWith(AclPrefix, StringComparison.Ordinal);
        }

        if (hasAcl)
        {
            EntriesWithAcls++;
            FirstEntryWithAcl ??= hostPath;
        }
    }

    private static void ApplyMetadata(ImageEntry entry, FileStatus status)
    {
        if (entry is not ImageSymlink)
        {
            entry.Mode = status.Permissions;
        }

        entry.Uid = status.Uid;
        entry.Gid = status.Gid;
        entry.ModificationTime = (uint)Math.Clamp(status.ModificationTime, 0, uint.MaxValue);
    }
}
