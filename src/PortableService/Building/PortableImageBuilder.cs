using System.Diagnostics;
using System.Security.Cryptography;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Inspection;
using PortableService.Layout;
using PortableService.Planning;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;
using Squashfs.Compression;
using Squashfs.Interop;
using Squashfs;

namespace PortableService.Building;

/// <summary>
/// Builds <c>&lt;pname&gt;_&lt;version&gt;.raw</c> from a spec: validate, plan (<see cref="ImagePlanner"/>), lay out the
/// tree, write it with the native writer or an external mksquashfs, seal and package it (<see cref="ImagePackager"/>), and publish it atomically. On any error or cancellation no
/// partial image remains and an existing image is left untouched.
/// </summary>
public static class PortableImageBuilder
{
    private const UnixFileMode RootMode = (UnixFileMode)0b111_101_101;

    /// <summary>Builds the image into <paramref name="outputDirectory"/> (created when missing). Spec paths must be absolute (see <see cref="PortableServiceSpec.ResolvePaths"/>).</summary>
    public static BuiltImage Build(PortableServiceSpec spec, string outputDirectory, BuildOptions? options = null, IProgress<BuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        progress?.Report(new BuildProgress(BuildStage.Validating, 0, 0, 0));
        return Build(SpecValidator.ValidateOrThrow(spec), outputDirectory, options, progress, cancellationToken);
    }

    /// <summary>Plans and builds a validated spec into <paramref name="outputDirectory"/> (created when missing).</summary>
    public static BuiltImage Build(ValidatedSpec spec, string outputDirectory, BuildOptions? options = null, IProgress<BuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        options ??= new BuildOptions();
        var stopwatch = Stopwatch.StartNew();
        CheckOutput(spec, outputDirectory);

        progress?.Report(new BuildProgress(BuildStage.ResolvingClosure, 0, 0, 0));
        using var plan = ImagePlanner.Plan(spec, options, cancellationToken);
        var image = Write(plan, outputDirectory, options, progress, cancellationToken);
        return image with { Elapsed = stopwatch.Elapsed };
    }

    /// <summary>Writes a plan into <paramref name="outputDirectory"/> (created when missing), atomically.</summary>
    public static BuiltImage Write(ImagePlan plan, string outputDirectory, BuildOptions? options = null, IProgress<BuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        options ??= new BuildOptions();
        var stopwatch = Stopwatch.StartNew();
        var directory = CheckOutput(plan.Spec, outputDirectory);
        CheckOutputOutsideContents(plan, directory);

        var checks = Check(plan, options.Strict);
        progress?.Report(new BuildProgress(BuildStage.LayingOut, 0, 0, 0));
        var layout = PortableImageLayout.Create(plan, cancellationToken);
        var root = layout.Root;
        checks = [.. checks, .. layout.Warnings];
        var outputPath = PrepareOutput(plan.Spec, directory);
        if (plan.Spec.Sealing.Format == ImageFormat.Directory)
        {
            return WriteDirectory(plan, root, outputPath, checks, stopwatch, progress, cancellationToken);
        }

        var cacheWarnings = new List<Diagnostic>();
        var writerOptions = new SquashfsWriterOptions
        {
            Compression = plan.Spec.Compression,
            BlockSize = plan.Spec.BlockSize,
            AllRoot = true,
            RootMode = RootMode,
            AllModificationTime = plan.SourceDateEpoch,
            FilesystemTime = plan.SourceDateEpoch,
            Parallelism = options.Parallelism,
            BlockCache = options.BlockCache,
            Warning = message => cacheWarnings.Add(new Diagnostic(BuildDiagnosticCodes.BlockCacheUnusable, DiagnosticSeverity.Warning, message, options.BlockCache?.Directory)),
        };
        var writeProgress = progress is null ? null : new WriteProgress(progress);
        long files = 0;
        long bytesIn = 0;
        string writer = "native";
        SealedImage sealedImage;
        try
        {
            sealedImage = ImagePackager.Publish(outputPath, plan.Spec.Sealing, options.Parallelism, squashfsPath =>
            {
                if (plan.Spec.Spec.SquashfsTools is { } tools)
                {
                    writer = MksquashfsLocator.Locate(tools) ?? throw new InvalidOperationException($"No mksquashfs in {tools}.");
                    MksquashfsImageWriter.Write(root, writer, squashfsPath, writerOptions, plan.SourceDateEpoch, options.ExternalToolTimeLimit, cancellationToken);
                    files = root.Descendants().Count(e => e is Squashfs.Tree.ImageFile);
                }
                else
                {
                    // The packager owns the temporary file and its removal; write into it directly.
                    using var stream = new FileStream(squashfsPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
                    var result = SquashfsWriter.Write(root, stream, writerOptions, writeProgress, cancellationToken);
                    stream.Flush(flushToDisk: true);
                    files = result.Files;
                    bytesIn = result.BytesRead;
                }
            }, cancellationToken);
        }
        catch (InputFileException e)
        {
            throw new DiagnosticException([InputUnreadable(e, NothingWritten(outputPath))]);
        }
        catch (CryptographicException e)
        {
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.SigningFailed, DiagnosticSeverity.Error, $"Signing the root hash of {outputPath} failed: {e.Message.TrimEnd('.')}. {NothingWritten(outputPath)}", plan.Spec.Sealing.Certificate)]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var message = e.HResult is Errno.ENOSPC or Errno.EDQUOT
                ? $"Writing {outputPath} failed: the file system is full ({Free(directory)} free when it stopped). Free some space or choose another output directory with --output. {NothingWritten(outputPath)}"
                : $"Writing {outputPath} failed: {e.Message.TrimEnd('.')}. {NothingWritten(outputPath)}";
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputWriteFailed, DiagnosticSeverity.Error, message, outputPath)]);
        }

        progress?.Report(new BuildProgress(BuildStage.Done, files, files, bytesIn));
        return new BuiltImage(outputPath, new FileInfo(outputPath).Length, Sha256Of(outputPath), files, bytesIn, plan.Closure.Items.Count, writer, stopwatch.Elapsed, [.. plan.Warnings, .. checks, .. cacheWarnings])
        {
            Format = plan.Spec.Sealing.Format,
            RootHash = sealedImage.RootHash,
            Sidecars = sealedImage.Sidecars,
            Signed = sealedImage.Signed,
        };
    }

    /// <summary>Writes the tree as the directory <c>&lt;pname&gt;_&lt;version&gt;/</c>, atomically.</summary>
    private static BuiltImage WriteDirectory(ImagePlan plan, Squashfs.Tree.ImageDirectory root, string outputPath, IReadOnlyList<Diagnostic> checks, Stopwatch stopwatch, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        root.Mode = RootMode;
        IReadOnlyList<Diagnostic> warnings;
        try
        {
            warnings = DirectoryImageWriter.Publish(root, outputPath, plan.SourceDateEpoch, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var what = Directory.Exists(outputPath) ? "The existing directory was left as it was." : "No directory was written.";
            throw new DiagnosticException([e is InputFileException input
                ? InputUnreadable(input, what)
                : new Diagnostic(BuildDiagnosticCodes.OutputWriteFailed, DiagnosticSeverity.Error, $"Writing {outputPath} failed: {e.Message.TrimEnd('.')}. {what}", outputPath)]);
        }

        var files = root.Descendants().OfType<Squashfs.Tree.ImageFile>().ToList();
        var bytes = files.Sum(f => f.Content.Length);
        progress?.Report(new BuildProgress(BuildStage.Done, files.Count, files.Count, bytes));
        return new BuiltImage(outputPath, bytes, string.Empty, files.Count, bytes, plan.Closure.Items.Count, "directory", stopwatch.Elapsed, [.. plan.Warnings, .. checks, .. warnings])
        {
            Format = ImageFormat.Directory,
        };
    }

    /// <summary>
    /// The checks `inspect` makes, run on the plan before writing, for the spec's profile: errors stop a strict
    /// build; otherwise everything found is a warning.
    /// </summary>
    private static IReadOnlyList<Diagnostic> Check(ImagePlan plan, bool strict)
    {
        var spec = plan.Spec;
        var units = spec.Spec.Units.Select((u, i) => new InspectedUnit(u.Name, spec.UnitPath(u.Name), spec.UnitTexts[i]));
        var findings = ImageInspector.CheckServices(plan.Tree, units, spec.Profile);
        if (strict && findings.Any(f => f.Severity == DiagnosticSeverity.Error))
        {
            throw new DiagnosticException([.. findings.Where(f => f.Severity == DiagnosticSeverity.Error)]);
        }

        return [.. findings.Select(f => f with { Severity = DiagnosticSeverity.Warning })];
    }

    /// <summary>
    /// Checks what can be checked of the output before any work: the directory is not a file, the image path is not a
    /// directory and not too long. Returns the directory's full path; it is created only when the image is written.
    /// </summary>
    private static string CheckOutput(ValidatedSpec spec, string outputDirectory)
    {
        var directory = Path.Join(Path.GetFullPath(outputDirectory), spec.OutputSubdirectory);
        if (File.Exists(directory))
        {
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputDirectoryMissing, DiagnosticSeverity.Error, $"The output directory {directory} is a file, not a directory: choose another with --output.", directory)]);
        }

        var path = Path.Join(directory, spec.ImageFileName);
        if (spec.Sealing.Format == ImageFormat.Directory ? File.Exists(path) : Directory.Exists(path))
        {
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputDirectoryNotWritable, DiagnosticSeverity.Error, $"The image path {path} is {(Directory.Exists(path) ? "a directory" : "a file")}, so the image cannot be written there: remove or rename it, or choose another output directory with --output.", path)]);
        }

        // Publishing renames over the path: a device node or FIFO there is surely not an older image.
        if (FileProbe.Of(path).Kind is var kind and (FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Fifo or FileKind.Socket))
        {
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputDirectoryNotWritable, DiagnosticSeverity.Error, $"The image path {path} is a {FileProbe.Describe(kind)}, which the image would replace: remove or rename it, or choose another output directory with --output.", path)]);
        }

        if (System.Text.Encoding.UTF8.GetByteCount(path) >= 4096)
        {
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputPathTooLong, DiagnosticSeverity.Error, $"The image path {path} is longer than Linux allows (4095 bytes): choose a shorter output directory.", path)]);
        }

        return directory;
    }

    /// <summary>
    /// A content folder that holds the output folder would take the previous image into the next one, so that no two
    /// builds give the same bytes (mksquashfs leaves its own output out for the same reason): refused (PS3023).
    /// </summary>
    private static void CheckOutputOutsideContents(ImagePlan plan, string directory)
    {
        var resolver = new PathResolver(HostFileTree.Instance);
        var existing = directory;
        while (!Directory.Exists(existing))
        {
            existing = UnixPath.Parent(existing);
        }

        var realExisting = resolver.Resolve(existing).RealPath ?? existing;
        var rest = Path.GetRelativePath(existing, directory);
        var real = rest == "." ? realExisting : UnixPath.Join(realExisting, rest);
        foreach (var content in plan.Entries.Where(e => e.Kind == PlannedEntryKind.Content && e.HostPath is not null))
        {
            if (UnixPath.IsAtOrBelow(real, content.HostPath!))
            {
                throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputInsideContent, DiagnosticSeverity.Error,
                    $"The output directory {directory} is inside {content.Reason}: each build would take the previous image into the next. Write the image elsewhere (--output).", directory)]);
            }
        }
    }

    /// <summary>Creates the output directory (and its parents) when missing, checks it can be written, and returns the image path.</summary>
    private static string PrepareOutput(ValidatedSpec spec, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            using var probe = new FileStream(Path.Join(directory, $".{spec.ImageFileName}.{Guid.NewGuid():N}.probe"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e.HResult switch
            {
                Errno.EROFS => "is on a read-only file system: remount it read-write",
                Errno.ENOSPC or Errno.EDQUOT => "is on a full file system: free some space",
                _ when e is UnauthorizedAccessException => "is not writable by this user: fix its permissions",
                _ when NotADirectoryAbove(directory) is { } blocker => $"cannot be created: {blocker} is a {FileProbe.Describe(FileProbe.Of(blocker).TargetKind)}, not a directory; remove or rename it",
                _ => $"cannot be created or written to ({e.Message.TrimEnd('.')})",
            };
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.OutputDirectoryNotWritable, DiagnosticSeverity.Error, $"The output directory {directory} {why}, or choose another with --output.", directory)]);
        }

        return Path.Join(directory, spec.ImageFileName);
    }

    /// <summary>The nearest existing path at or above <paramref name="directory"/> when it is not a directory (what makes creating it fail with ENOTDIR), else null.</summary>
    private static string? NotADirectoryAbove(string directory)
    {
        var existing = directory;
        while (existing != "/" && !FileProbe.Of(existing).Exists)
        {
            existing = UnixPath.Parent(existing);
        }

        return FileProbe.Of(existing).TargetKind == FileKind.Directory ? null : existing;
    }

    private static Diagnostic InputUnreadable(InputFileException e, string nothingWritten) =>
        new(BuildDiagnosticCodes.InputUnreadable, DiagnosticSeverity.Error, $"{e.Message} {nothingWritten}", e.Path);

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
