using System.Collections.Concurrent;
using System.Runtime.Versioning;
using System.Text;
using PortableService.Building;
using PortableService.Layout;
using PortableService.Planning;
using PortableService.Spec;
using PortableService.Validation;
using Squashfs.Compression;
using Squashfs.Tree;
using Squashfs;

namespace PortableService.Tests.Systemd;

/// <summary>
/// Images broken on purpose: the builder's own tree for a spec (closure and layout as <see cref="PortableImageBuilder"/>
/// makes them), with a piece removed or changed, written with the squashfs library directly.
/// </summary>
[SupportedOSPlatform("linux")]
public static class BrokenImages
{
    private static readonly ConcurrentDictionary<PortableServiceSpec, ImagePlan> s_plans = new();

    /// <summary>Lays out <paramref name="spec"/> as the builder does, lets <paramref name="breakIt"/> change the tree, writes OUTPUT/NAME.raw (gzip).</summary>
    public static string Build(PortableServiceSpec spec, string outputDirectory, string imageName, Action<ImageDirectory> breakIt)
    {
        // The plan depends on the spec only: make it once for all the variants of a spec.
        var plan = s_plans.GetOrAdd(spec, s => ImagePlanner.Plan(SpecValidator.ValidateOrThrow(s), BuiltImages.Options));
        var root = PortableImageLayout.Create(plan).Root;
        breakIt(root);
        Directory.CreateDirectory(outputDirectory);
        var path = Path.Join(outputDirectory, imageName + ".raw");
        SquashfsWriter.Write(root, path, new SquashfsWriterOptions
        {
            Compression = CompressionSettings.Parse("gzip"),
            AllRoot = true,
            RootMode = (UnixFileMode)0b111_101_101,
            AllModificationTime = 0,
            FilesystemTime = 0,
        });
        return path;
    }

    /// <summary>Removes the entry at an absolute image path (a file, a symlink, or a directory with its contents).</summary>
    public static void Remove(ImageDirectory root, string path)
    {
        var (parent, name) = ParentOf(root, path);
        if (!parent.Remove(name))
        {
            throw new InvalidOperationException($"The image tree has no {path} to remove.");
        }
    }

    /// <summary>Moves a regular file to another name in the same directory.</summary>
    public static void Rename(ImageDirectory root, string path, string newName)
    {
        var (parent, name) = ParentOf(root, path);
        var file = parent[name] as ImageFile ?? throw new InvalidOperationException($"{path} is not a file in the image tree.");
        parent.Remove(name);
        parent.Add(new ImageFile(newName, file.Content, file.Mode));
    }

    /// <summary>Moves a regular file to another absolute path (creating the directories), leaving a symlink to <paramref name="linkTarget"/> in its place when given.</summary>
    public static void Move(ImageDirectory root, string path, string newPath, string? linkTarget = null)
    {
        var (parent, name) = ParentOf(root, path);
        var file = parent[name] as ImageFile ?? throw new InvalidOperationException($"{path} is not a file in the image tree.");
        parent.Remove(name);
        var slash = newPath.LastIndexOf('/');
        root.GetOrCreateDirectory(newPath[..slash].TrimStart('/')).Add(new ImageFile(newPath[(slash + 1)..], file.Content, file.Mode));
        if (linkTarget is not null)
        {
            parent.Add(new ImageSymlink(name, linkTarget));
        }
    }

    /// <summary>Clears the execute bits of an entry.</summary>
    public static void RemoveExecuteBits(ImageDirectory root, string path)
    {
        var entry = root.Find(path.TrimStart('/')) ?? throw new InvalidOperationException($"The image tree has no {path}.");
        entry.Mode &= ~(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>Replaces a text file with <paramref name="edit"/> of its text.</summary>
    public static void EditText(ImageDirectory root, string path, Func<string, string> edit)
    {
        var (parent, name) = ParentOf(root, path);
        var file = parent[name] as ImageFile ?? throw new InvalidOperationException($"{path} is not a file in the image tree.");
        string text;
        using (var stream = file.Content.Open())
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        var edited = edit(text);
        if (edited == text)
        {
            throw new InvalidOperationException($"The edit left {path} unchanged.");
        }

        parent.Remove(name);
        parent.Add(new ImageFile(name, FileContent.FromBytes(Encoding.UTF8.GetBytes(edited), path), file.Mode));
    }

    /// <summary>Drops the lines of an os-release text that set <paramref name="key"/>.</summary>
    public static string WithoutKey(string osRelease, string key) =>
        string.Concat(osRelease.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l + "\n"));

    private static (ImageDirectory Parent, string Name) ParentOf(ImageDirectory root, string path)
    {
        var slash = path.LastIndexOf('/');
        var parentPath = path[..slash];
        var parent = parentPath.Length == 0
            ? root
            : root.Find(parentPath.TrimStart('/')) as ImageDirectory ?? throw new InvalidOperationException($"The image tree has no directory {parentPath}.");
        return (parent, path[(slash + 1)..]);
    }
}
