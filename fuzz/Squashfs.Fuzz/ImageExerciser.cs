using Squashfs.Reading;

namespace Squashfs.Fuzz;

/// <summary>
/// Does everything a user of the reader can do with an untrusted image: opens it, walks every entry, lists every
/// directory, looks every path up (with and without following symlinks), reads every file and link, and extracts the
/// whole image into a scratch directory, checking that nothing lands outside it. Shared by the fuzzing harness and
/// the regression tests in tests/Squashfs.Tests, which link this file.
/// </summary>
public static class ImageExerciser
{
    /// <summary>Bytes read from one file at most, and the total extracted at most: a tiny image can declare a huge sparse file.</summary>
    public const long MaxBytesPerFile = 64L << 20;

    public const long MaxBytesToExtract = 64L << 20;

    /// <summary>
    /// The outcomes a malformed image may have: the reader's <see cref="InvalidDataException"/> or
    /// <see cref="NotSupportedException"/>; while extracting, also an <see cref="IOException"/> from the target file system.
    /// Anything else is a bug in the reader.
    /// </summary>
    public static bool IsAcceptable(Exception e, bool extracting) =>
        e is InvalidDataException or NotSupportedException || (extracting && e is IOException);

    /// <summary>
    /// Exercises the image. Returns normally, or throws what the reader threw; <see cref="InvariantException"/> when an invariant broke, such as the
    /// extractor wrote outside its target. <paramref name="scratch"/> is an existing, empty directory, left empty.
    /// </summary>
    public static void Exercise(byte[] image, string scratch, Action? extracting = null)
    {
        long declared = 0;
        using (var reader = new SquashfsReader(new MemoryStream(image, writable: false)))
        {
            _ = (reader.Compressor, reader.BlockSize, reader.InodeCount, reader.FilesystemTime, reader.BytesUsed, reader.HasExportTable);
            Touch(reader.Root);
            var buffer = new byte[64 << 10];
            foreach (var entry in reader.Walk())
            {
                Touch(entry);
                switch (entry.Kind)
                {
                    case SquashfsEntryKind.Directory:
                        foreach (var child in reader.GetChildren(entry))
                        {
                            Touch(child);
                        }

                        break;
                    case SquashfsEntryKind.File:
                        declared += entry.Size;
                        if (entry.Size <= 1 << 20)
                        {
                            var bytes = reader.ReadAllBytes(entry);
                            Check(bytes.Length == entry.Size, $"ReadAllBytes gave {bytes.Length} bytes of '{entry.Path}', whose size is {entry.Size}");
                        }
                        else
                        {
                            using var stream = reader.OpenFile(entry);
                            long total = 0;
                            int read;
                            while (total < MaxBytesPerFile && (read = stream.Read(buffer)) > 0)
                            {
                                total += read;
                            }
                        }

                        break;
                    case SquashfsEntryKind.Symlink:
                        _ = entry.SymlinkTarget!.Length;
                        break;
                }

                Check(reader.Find(entry.Path) is not null, $"Find('{entry.Path}') found nothing, though Walk gave it");
                _ = reader.Resolve(entry.Path);
            }

            _ = reader.Find("/no/such/entry");
            _ = reader.Resolve("/../../etc/passwd");
        }

        if (declared <= MaxBytesToExtract)
        {
            extracting?.Invoke();
            Extract(image, scratch);
        }
    }

    /// <summary>Extracts into scratch/target, then checks that scratch holds nothing else and that every entry is below the target.</summary>
    private static void Extract(byte[] image, string scratch)
    {
        var target = Path.Join(scratch, "target");
        var canary = Path.Join(scratch, "canary");
        File.WriteAllBytes(canary, "canary"u8.ToArray());
        try
        {
            using (var reader = new SquashfsReader(new MemoryStream(image, writable: false)))
            {
                try
                {
                    SquashfsExtractor.Extract(reader, target);
                }
                finally
                {
                    CheckContained(reader, scratch, target, canary);
                }
            }
        }
        finally
        {
            MakeRemovable(scratch);
            foreach (var path in Directory.EnumerateFileSystemEntries(scratch))
            {
                if (Directory.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint))
                {
                    Directory.Delete(path, recursive: true);
                }
                else
                {
                    File.Delete(path);
                }
            }
        }
    }

    private static void CheckContained(SquashfsReader reader, string scratch, string target, string canary)
    {
        var outside = Directory.EnumerateFileSystemEntries(scratch).Where(p => p != target && p != canary).ToList();
        Check(outside.Count == 0, $"the extractor wrote outside its target: {string.Join(", ", outside)}");
        Check(File.ReadAllText(canary) == "canary" && !File.GetAttributes(canary).HasFlag(FileAttributes.ReparsePoint), "the extractor changed a file beside its target");
        if (!Directory.Exists(target))
        {
            return;
        }

        // Walk the target without following symlinks (a recursive enumeration would follow an extracted 'up -> ..' and
        // report the target inside itself): every entry must lie below the target.
        var directories = new Stack<string>([target]);
        while (directories.TryPop(out var directory))
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { AttributesToSkip = 0 }))
            {
                var relative = Path.GetRelativePath(target, path);
                Check(!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative), $"'{path}' is outside the target");
                if (!File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint) && Directory.Exists(path))
                {
                    directories.Push(path);
                }
            }
        }

        _ = reader;
    }

    /// <summary>Extracted directories may have mode 000: give the owner access again so they can be deleted.</summary>
    private static void MakeRemovable(string directory)
    {
        foreach (var path in Directory.EnumerateDirectories(directory, "*", new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            MakeRemovable(path);
        }
    }

    private static void Touch(SquashfsEntry entry)
    {
        _ = (entry.Path, entry.Name, entry.Kind, entry.Mode, entry.Uid, entry.Gid, entry.ModificationTime, entry.InodeNumber, entry.LinkCount, entry.Size, entry.SymlinkTarget);
        if (entry.Kind is SquashfsEntryKind.BlockDevice or SquashfsEntryKind.CharacterDevice)
        {
            _ = entry.Device;
        }

        foreach (var xattr in entry.Xattrs)
        {
            _ = xattr;
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantException(message);
        }
    }
}

/// <summary>An invariant of the reader or extractor broke: always a bug.</summary>
public sealed class InvariantException(string message) : Exception(message);
