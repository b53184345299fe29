using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Spec;
using PortableService.Systemd;
using Squashfs;

namespace PortableService.Layers;

/// <summary>
/// The base image an extension is built for (a naked squashfs <c>.raw</c>, or an image directory), read with our own
/// reader: its os-release gives the extension's <c>ID</c> and version fields, and its files are what the extension's
/// programs find already there. Keeps the image open until disposed.
/// </summary>
public sealed class BaseImage : IDisposable
{
    private readonly IImageTree _tree;

    private BaseImage(string path, IImageTree tree, IReadOnlyDictionary<string, string> osRelease, string osReleasePath)
    {
        Path = path;
        _tree = tree;
        OsRelease = osRelease;
        OsReleasePath = osReleasePath;
    }

    /// <summary>The image file or directory.</summary>
    public string Path { get; }

    /// <summary>The fields of its os-release (<c>/etc/os-release</c>, else <c>/usr/lib/os-release</c>).</summary>
    public IReadOnlyDictionary<string, string> OsRelease { get; }

    /// <summary>Where in the image the os-release was found.</summary>
    public string OsReleasePath { get; }

    /// <summary>The image as a file tree.</summary>
    internal IFileTree Tree => _tree;

    /// <summary>Opens the base image (a squashfs file, or a directory) and reads its os-release.</summary>
    /// <exception cref="InvalidDataException">Not a squashfs image, or one without an os-release.</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">It cannot be read.</exception>
    public static BaseImage Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        IImageTree tree = Directory.Exists(path) ? DirectoryFileTree.Open(path) : new SquashfsFileTree(SquashfsReader.Open(path));
        try
        {
            var (osReleasePath, osRelease) = Systemd.OsRelease.Read(new PathResolver(tree))
                ?? throw new InvalidDataException("it has neither /etc/os-release nor /usr/lib/os-release, so it is no portable image");
            return new BaseImage(path, tree, osRelease, osReleasePath);
        }
        catch
        {
            tree.Dispose();
            throw;
        }
    }

    /// <summary>
    /// PS2204 for each hierarchy of an image of <paramref name="type"/> that <paramref name="payload"/> (the paths it
    /// holds besides its release file and units, which portabled reads from the extension itself) uses and this base has
    /// no directory for: portabled mounts each hierarchy over the base's own and skips one the base lacks, so the
    /// service would never see what is there. One check for <c>build</c> and <c>inspect --base</c>.
    /// </summary>
    internal IEnumerable<Diagnostic> CheckHierarchies(ImageType type, IEnumerable<string> payload)
    {
        var files = new PathResolver(_tree);
        foreach (var hierarchy in ExtensionRelease.Hierarchies(type))
        {
            if (payload.FirstOrDefault(p => ImagePath.IsUnder(p, hierarchy)) is { } example
                && files.Resolve(hierarchy) is not { Succeeded: true, Node.Kind: FileNodeKind.Directory })
            {
                yield return ClosureMessages.HierarchyNotInBase(hierarchy, example, Path);
            }
        }
    }

    public void Dispose() => _tree.Dispose();
}
