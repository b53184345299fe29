using System.Diagnostics;
using System.Security.Cryptography;
using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.Layout;
using Squashfs;
using Squashfs.Compression;

namespace PortableService.Building;

/// <summary>
/// Builds <c>&lt;pname&gt;_&lt;version&gt;.raw</c> from a spec: validate, resolve the closure, lay out the tree, write
/// it with the native writer or an external mksquashfs, and publish it atomically. On any error or cancellation no
/// partial image remains and an existing image is left untouched.
/// </summary>
public static class PortableImageBuilder
{
    private const UnixFileMode RootMode = (UnixFileMode)0b111_101_101;

    // errno values that .NET reports as an IOException's HResult on Linux.
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int Edquot = 122;

    /// <summary>Builds the image into <paramref name="outputDirectory"/>. Spec paths must be absolute (see <see cref="PortableServiceSpec.ResolvePaths"/>).</summary>
    public static BuiltImage Build(PortableServiceSpec spec, string outputDirectory, BuildOptions? options = null, IProgress<BuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        options ??= new BuildOptions();
        var stopwatch = Stopwatch.StartNew();
        progress?.Report(new BuildProgress(BuildStage.Validating, 0, 0, 0));
        SpecValidator.ValidateOrThrow(spec);
        var outputPath = CheckOutput(spec, outputDirectory);
        var epoch = options.SourceDateEpoch ?? SourceDateEpoch.FromEnvironment();

        progress?.Report(new BuildProgress(BuildStage.ResolvingClosure, 0, 0, 0));
        var closure = ResolveClosure(spec, options.Closure, cancellationToken);

        progress?.Report(new BuildProgress(BuildStage.LayingOut, 0, 0, 0));
        var fromNixStore = closure.Items.Any(i => ImagePath.IsUnder(i.HostPath, options.Closure.StoreDirectory));
        var identity = fromNixStore ? OsReleaseIdentity.NixOS : options.HostIdentity ?? OsReleaseIdentity.ReadHost();
        var osRelease = OsReleaseWriter.Write(spec, identity);
        var root = PortableImageLayout.Create(spec, osRelease, closure.Items, cancellationToken);

        var cacheWarnings = new List<Diagnostic>();
        var writerOptions = new SquashfsWriterOptions
        {
            Compression = CompressionSettings.Parse(spec.SquashCompression),
            BlockSize = Squashfs.BlockSize.Parse(spec.SquashBlockSize),
            AllRoot = true,
            RootMode = RootMode,
            AllModificationTime = epoch,
            FilesystemTime = epoch,
            Parallelism = options.Parallelism,
            BlockCache = options.BlockCache,
            Warning = message => cacheWarnings.Add(new Diagnostic(BuildDiagnosticCodes.BlockCacheUnusable, DiagnosticSeverity.Warning, message, options.BlockCache?.Directory)),
        };
        var writeProgress = progress is null ? null : new WriteProgress(progress);
        long files = 0;
        long bytesIn = 0;
        string writer;
        try
        {
            if (spec.SquashfsTools is { } tools)
            {
                writer = MksquashfsLocator.Locate(tools) ?? throw new InvalidOperationException($"No mksquashfs in {tools}.");
                AtomicFile.Write(outputPath, temporary => MksquashfsImageWriter.Write(root, writer, temporary, writerOptions, epoch, cancellationToken));
                files = root.Descendants().Count(e => e is Squashfs.Tree.ImageFile);
            }
            else
            {
                writer = "native";
                var result = SquashfsWriter.Write(root, outputPath, writerOptions, writeProgress, cancellationToken);
                files = result.Files;
                bytesIn = result.BytesRead;
            }
        }
        catch (InputFileException e)
        {
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.InputUnreadable, DiagnosticSeverity.Error, $"{e.Message} {NothingWritten(outputPath)}", e.Path)]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var message = e.HResult is Enospc or Edquot
                ? $"Writing {outputPath} failed: the file system is full ({Free(outputDirectory)} free when it stopped). Free some space or choose another output directory with --output. {NothingWritten(outputPath)}"
                : $"Writing {outputPath} failed: {e.Message.TrimEnd('.')}. {NothingWritten(outputPath)}";
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputWriteFailed, DiagnosticSeverity.Error, message, outputPath)]);
        }

        progress?.Report(new BuildProgress(BuildStage.Done, files, files, bytesIn));
        return new BuiltImage(outputPath, new FileInfo(outputPath).Length, Sha256Of(outputPath), files, bytesIn, closure.Items.Count, writer, stopwatch.Elapsed, [.. closure.Diagnostics, .. cacheWarnings]);
    }

    /// <summary>
    /// The roots of the closure: contents, symlink objects, and the programs and store paths named in units. A program
    /// named without a directory (<c>ExecStart=hello</c>) is looked up on the standard PATH, as systemd will in the image.
    /// </summary>
    public static IReadOnlyList<ClosureRoot> ClosureRoots(PortableServiceSpec spec, ClosureOptions options)
    {
        var roots = new List<ClosureRoot>();
        for (var i = 0; i < spec.Contents.Count; i++)
        {
            roots.Add(new ClosureRoot(Path.GetFullPath(spec.Contents[i].Source), $"contents[{i}]"));
        }

        for (var i = 0; i < spec.Symlinks.Count; i++)
        {
            roots.Add(new ClosureRoot(spec.Symlinks[i].Object, $"symlinks[{i}].object"));
        }

        foreach (var unit in spec.Units)
        {
            var text = unit switch
            {
                InlineUnitSource inline => inline.Text,
                FileUnitSource file => File.ReadAllText(file.Path),
                _ => string.Empty,
            };
            roots.AddRange(UnitFileRoots.Extract(unit.Name, text, options.StoreDirectory));
            foreach (var (key, program) in UnitFileRoots.ExecPrograms(text).Where(p => !p.Program.Contains('/')))
            {
                if (options.StandardPath.Select(d => Path.Join(d, program)).FirstOrDefault(File.Exists) is { } found)
                {
                    roots.Add(new ClosureRoot(found, $"unit {unit.Name} {key}={program}"));
                }
            }
        }

        return roots;
    }

    public static ClosureResult ResolveClosure(PortableServiceSpec spec, ClosureOptions options, CancellationToken cancellationToken = default)
    {
        using var resolver = new ClosureResolver(options);
        return resolver.Resolve(ClosureRoots(spec, options), cancellationToken);
    }

    private static string CheckOutput(PortableServiceSpec spec, string outputDirectory)
    {
        var directory = Path.GetFullPath(outputDirectory);
        if (!Directory.Exists(directory))
        {
            var problem = File.Exists(directory) ? "is a file, not a directory" : "does not exist";
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputDirectoryMissing, DiagnosticSeverity.Error, $"The output directory {directory} {problem}: create it first, or choose another with --output.", directory)]);
        }

        var path = Path.Join(directory, spec.ImageFileName);
        if (Directory.Exists(path))
        {
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputDirectoryNotWritable, DiagnosticSeverity.Error, $"The image path {path} is a directory, so the image cannot be written there: remove or rename it, or choose another output directory with --output.", path)]);
        }

        if (System.Text.Encoding.UTF8.GetByteCount(path) >= 4096)
        {
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputPathTooLong, DiagnosticSeverity.Error, $"The image path {path} is longer than Linux allows (4095 bytes): choose a shorter output directory.", path)]);
        }

        try
        {
            using var probe = new FileStream(Path.Join(directory, $".{spec.ImageFileName}.{Guid.NewGuid():N}.probe"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e.HResult switch
            {
                Erofs => "is on a read-only file system: remount it read-write",
                Enospc or Edquot => "is on a full file system: free some space",
                _ when e is UnauthorizedAccessException => "is not writable by this user: fix its permissions",
                _ => $"cannot be written to ({e.Message})",
            };
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputDirectoryNotWritable, DiagnosticSeverity.Error, $"The output directory {directory} {why}, or choose another with --output.", directory)]);
        }

        return path;
    }

    private static string NothingWritten(string outputPath) => File.Exists(outputPath)
        ? "The existing image was left as it was."
        : "No image was written.";

    private static string Free(string directory)
    {
        try
        {
            var bytes = new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
            return bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : $"{bytes >> 10} KiB";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return "no room";
        }
    }

    private static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Forwards the writer's progress as it happens (Progress&lt;T&gt; would post it to the thread pool, out of order).</summary>
    private sealed class WriteProgress(IProgress<BuildProgress> target) : IProgress<SquashfsProgress>
    {
        public void Report(SquashfsProgress value) => target.Report(new BuildProgress(BuildStage.Writing, value.FilesDone, value.FilesTotal, value.BytesRead));
    }
}
