using System.Security.Cryptography;
using Squashfs.Interop;
using Squashfs.Reading;

namespace Squashfs.Tests.Support;

/// <summary>
/// What a user compares between two trees: per path the type, permissions, owner, mtime, size, content hash, link
/// target, device numbers, and which paths share an inode (hard links, named by the first path in ordinal order).
/// </summary>
public sealed record TreeSnapshot(IReadOnlyDictionary<string, string> Entries)
{
    public static TreeSnapshot FromHost(string root, bool compareOwners = true)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var paths = Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, ReturnSpecialDirectories = false })
            .Order(StringComparer.Ordinal).ToList();
        var inodeGroups = new Dictionary<ulong, string>();
        foreach (var path in paths)
        {
            var relative = "/" + Path.GetRelativePath(root, path);
            var status = UnixNative.Stat(path);
            string detail = status switch
            {
                { IsDirectory: true } => "dir",
                { IsRegular: true } => $"file {status.Size} {Hash(File.OpenRead(path))}",
                { IsSymlink: true } => $"symlink {new FileInfo(path).LinkTarget}",
                { IsFifo: true } => "fifo",
                { IsSocket: true } => "socket",
                _ => $"{(status.IsBlockDevice ? "block" : "char")} {status.DeviceMajor}:{status.DeviceMinor}",
            };
            var link = string.Empty;
            if (!status.IsDirectory && status.LinkCount > 1)
            {
                link = " links=" + (inodeGroups.TryGetValue(status.Inode, out var first) ? first : inodeGroups[status.Inode] = relative);
            }

            var permissions = status.IsSymlink ? string.Empty : $" mode={Convert.ToString((int)status.Permissions, 8)}";
            var owner = compareOwners ? $" owner={status.Uid}:{status.Gid}" : string.Empty;
            entries[relative] = $"{detail}{permissions}{owner} mtime={status.ModificationTime}{link}";
        }

        return new TreeSnapshot(entries);
    }

    public static TreeSnapshot FromImage(SquashfsReader reader, bool compareOwners = true)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var inodeGroups = new Dictionary<uint, string>();
        var all = reader.Walk().OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        var counts = all.Where(e => e.Kind != SquashfsEntryKind.Directory).GroupBy(e => e.InodeNumber).ToDictionary(g => g.Key, g => g.Count());
        foreach (var entry in all)
        {
            string detail = entry.Kind switch
            {
                SquashfsEntryKind.Directory => "dir",
                SquashfsEntryKind.File => $"file {entry.Size} {Hash(reader.OpenFile(entry))}",
                SquashfsEntryKind.Symlink => $"symlink {entry.SymlinkTarget}",
                SquashfsEntryKind.Fifo => "fifo",
                SquashfsEntryKind.Socket => "socket",
                _ => $"{(entry.Kind == SquashfsEntryKind.BlockDevice ? "block" : "char")} {entry.Device.Major}:{entry.Device.Minor}",
            };
            var link = string.Empty;
            if (entry.Kind != SquashfsEntryKind.Directory && counts[entry.InodeNumber] > 1)
            {
                link = " links=" + (inodeGroups.TryGetValue(entry.InodeNumber, out var first) ? first : inodeGroups[entry.InodeNumber] = entry.Path);
            }

            var permissions = entry.Kind == SquashfsEntryKind.Symlink ? string.Empty : $" mode={Convert.ToString((int)entry.Mode, 8)}";
            var owner = compareOwners ? $" owner={entry.Uid}:{entry.Gid}" : string.Empty;
            entries[entry.Path] = $"{detail}{permissions}{owner} mtime={entry.ModificationTime}{link}";
        }

        return new TreeSnapshot(entries);
    }

    /// <summary>Asserts equality, naming the first paths that differ.</summary>
    public void AssertEqual(TreeSnapshot actual)
    {
        var differences = Entries.Keys.Union(actual.Entries.Keys)
            .Where(k => Entries.GetValueOrDefault(k) != actual.Entries.GetValueOrDefault(k))
            .Take(10)
            .Select(k => $"{k}: expected [{Entries.GetValueOrDefault(k)}] actual [{actual.Entries.GetValueOrDefault(k)}]")
            .ToList();
        Assert.True(differences.Count == 0, "Trees differ:\n" + string.Join("\n", differences));
    }

    private static string Hash(Stream stream)
    {
        using (stream)
        {
            return Convert.ToHexString(SHA256.HashData(stream))[..16];
        }
    }
}
