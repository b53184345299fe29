using System.Text;
using PortableService.FileTrees;
using Squashfs;
using Squashfs.Reading;

namespace PortableService.Layers;

/// <summary>
/// The base image an extension is built for (a naked squashfs <c>.raw</c>), read with our own reader: its os-release
/// gives the extension's <c>ID</c> and version fields, and its files are what the extension's programs find already
/// there. Keeps the image open until disposed.
/// </summary>
public sealed class BaseImage : IDisposable
{
    private readonly SquashfsReader _reader;

    private BaseImage(string path, SquashfsReader reader, IReadOnlyDictionary<string, string> osRelease, string osReleasePath)
    {
        Path = path;
        _reader = reader;
        OsRelease = osRelease;
        OsReleasePath = osReleasePath;
        Tree = new SquashfsFileTree(reader);
    }

    /// <summary>The image file.</summary>
    public string Path { get; }

    /// <summary>The fields of its os-release (<c>/etc/os-release</c>, else <c>/usr/lib/os-release</c>).</summary>
    public IReadOnlyDictionary<string, string> OsRelease { get; }

    /// <summary>Where in the image the os-release was found.</summary>
    public string OsReleasePath { get; }

    /// <summary>The image as a file tree.</summary>
    internal IFileTree Tree { get; }

    /// <summary>Opens the base image and reads its os-release.</summary>
    /// <exception cref="InvalidDataException">Not a squashfs image, or one without an os-release.</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">It cannot be read.</exception>
    public static BaseImage Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var reader = SquashfsReader.Open(path);
        try
        {
            var files = new PathResolver(new SquashfsFileTree(reader));
            foreach (var osReleasePath in new[] { "/etc/os-release", "/usr/lib/os-release" })
            {
                if (files.ReadFile(osReleasePath, 1 << 20) is { } bytes)
                {
                    return new BaseImage(path, reader, Systemd.OsRelease.Parse(Encoding.UTF8.GetString(bytes)), osReleasePath);
                }
            }

            throw new InvalidDataException("it has neither /etc/os-release nor /usr/lib/os-release, so it is no portable image");
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public void Dispose() => _reader.Dispose();
}
