using System.Runtime.Versioning;
using System.Text;

namespace PortableService.Tests.Systemd;

/// <summary>
/// A directory laid out as a portable service image (before mksquashfs): the scaffold portabled expects,
/// os-release, unit files, and host programs with their shared libraries at their host paths.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PortableImageTree
{
    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode FileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public PortableImageTree(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        // The image's root directory must be traversable by a DynamicUser= service.
        File.SetUnixFileMode(Root, DirectoryMode);
    }

    public string Root { get; }

    /// <summary>Mount point directories and empty files that a read-only portable image needs.</summary>
    public PortableImageTree AddScaffold()
    {
        foreach (var directory in new[]
                 {
                     "etc/systemd/system", "proc", "sys", "dev", "run", "tmp",
                     "var/tmp", "var/lib", "var/cache", "var/log",
                 })
        {
            CreateDirectory(directory);
        }

        AddFile("/etc/resolv.conf", "");
        AddFile("/etc/machine-id", "");
        return this;
    }

    /// <summary>/etc/os-release with the given fields, values quoted as os-release(5) says.</summary>
    public PortableImageTree AddOsRelease(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            text.Append(name).Append("=\"")
                .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal)
                    .Replace("\"", "\\\"", StringComparison.Ordinal)
                    .Replace("$", "\\$", StringComparison.Ordinal)
                    .Replace("`", "\\`", StringComparison.Ordinal))
                .Append("\"\n");
        }

        return AddFile("/etc/os-release", text.ToString());
    }

    /// <summary>A unit file, as a regular file in /etc/systemd/system/.</summary>
    public PortableImageTree AddUnit(string fileName, string text) => AddFile("/etc/systemd/system/" + fileName, text);

    /// <summary>A regular file at an absolute path inside the image.</summary>
    public PortableImageTree AddFile(string imagePath, string content, UnixFileMode mode = FileMode)
    {
        var path = PathInTree(imagePath);
        CreateDirectory(Path.GetDirectoryName(imagePath)!);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return this;
    }

    /// <summary>
    /// A host program, its ELF interpreter and shared libraries (as ldd resolves them), each at its host path,
    /// keeping every symlink on the way (so /lib64/ld-linux-x86-64.so.2 and merged-/usr links work inside).
    /// </summary>
    public PortableImageTree AddHostProgram(string hostPath)
    {
        var program = AddHostPath(hostPath);
        var ldd = ProcessRunner.Run(["ldd", program], TimeSpan.FromSeconds(30));
        if (!ldd.Succeeded)
        {
            return ldd.StandardOutput.Contains("not a dynamic executable", StringComparison.Ordinal)
                || ldd.StandardError.Contains("not a dynamic executable", StringComparison.Ordinal)
                ? this
                : throw new CommandFailedException(ldd);
        }

        foreach (var line in ldd.OutputLines.Select(l => l.Trim()))
        {
            if (line.Contains("not found", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"ldd {program}: {line}");
            }

            var arrow = line.IndexOf("=> ", StringComparison.Ordinal);
            var library = arrow >= 0 ? line[(arrow + 3)..] : line;
            var space = library.IndexOf(" (", StringComparison.Ordinal);
            library = space >= 0 ? library[..space] : library;
            if (library.StartsWith('/'))
            {
                AddHostPath(library);
            }
        }

        return this;
    }

    /// <summary>
    /// Copies a host file to the same path in the tree, recreating each symlink met on the way
    /// (in directories and in the file name itself). Returns the real host path of the file.
    /// </summary>
    public string AddHostPath(string hostPath) => AddHostPath(Path.GetFullPath(hostPath), depth: 0);

    private string AddHostPath(string hostPath, int depth)
    {
        if (depth > 40)
        {
            throw new IOException("Too many levels of symbolic links: " + hostPath);
        }

        var components = hostPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        for (var i = 0; i < components.Length; i++)
        {
            var next = Path.Join(current, components[i]);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                var link = PathInTree(next);
                if (!Path.Exists(link) && new FileInfo(link).LinkTarget is null)
                {
                    CreateDirectory(current);
                    File.CreateSymbolicLink(link, target);
                }

                var resolved = Path.GetFullPath(target.StartsWith('/') ? target : Path.Join(current, target));
                var rest = string.Join('/', components[(i + 1)..]);
                return AddHostPath(rest.Length > 0 ? Path.Join(resolved, rest) : resolved, depth + 1);
            }

            if (i == components.Length - 1)
            {
                if (!info.Exists)
                {
                    throw new FileNotFoundException("No host file at " + next, next);
                }

                var copy = PathInTree(next);
                if (!File.Exists(copy))
                {
                    File.Copy(next, copy);
                    File.SetUnixFileMode(copy, File.GetUnixFileMode(next));
                }

                return next;
            }

            CreateDirectory(next);
            current = next;
        }

        throw new ArgumentException("Not a file: " + hostPath, nameof(hostPath));
    }

    private void CreateDirectory(string imagePath)
    {
        var path = Root;
        foreach (var component in imagePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path = Path.Join(path, component);
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path);
                File.SetUnixFileMode(path, DirectoryMode);
            }
        }
    }

    private string PathInTree(string imagePath) => Path.Join(Root, imagePath.TrimStart('/'));
}
