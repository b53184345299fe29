using System.IO.Enumeration;
using Squashfs.Interop;

namespace PortableService.FileTrees;

/// <summary>The build host's file system, as it is.</summary>
internal sealed partial class HostFileTree : IFileTree
{
    private static readonly EnumerationOptions s_everything = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    public static HostFileTree Instance { get; } = new();

    public bool SupportsParallelReads => true;

    public FileNode Lstat(string path) => LstatUncached(path);

    public string? ReadLink(string path) => ReadLinkUncached(path);

    public string[] ListDirectory(string path) => List(path);

    public IRandomAccessFile OpenFile(string path) => HostRandomAccessFile.Open(path);

    public bool IsInImage(string path) => false;

    /// <summary>
    /// The names in a host directory, dot files included, sorted ordinally; a name that is not UTF-8 with its bytes
    /// escaped (<see cref="HostFileNames"/>).
    /// </summary>
    public static string[] List(string directory)
    {
        var names = HostFileNames.Relist(directory, new FileSystemEnumerable<string>(directory, static (ref FileSystemEntry e) => e.FileName.ToString(), s_everything).ToArray());
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }
}
