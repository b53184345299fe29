using System.CommandLine;
using System.Text.Json;
using PortableService.Building;
using PortableService.Cli.Commands.Cache;
using PortableService.Cli.Output;
using PortableService.Diagnostics;
using PortableService.Layout;
using PortableService.Spec;
using PortableService.Validation;
using Squashfs.Compression;
using Squashfs.Interop;
using Squashfs.Tree;
using Squashfs;

namespace PortableService.Cli.Commands.Squash;

internal static class SquashCommand
{
    public static int Execute(ParseResult parse, SquashCommandDefinition definition, CommandOutput output, CancellationToken cancellationToken)
    {
        var compression = parse.GetValue(definition.Compression)!;
        var blockSize = parse.GetValue(definition.BlockSize)!;
        var options = new SquashfsWriterOptions
        {
            Compression = Parsed(() => CompressionSettings.Parse(compression), SpecDiagnosticCodes.CompressionInvalid, "--comp", $"--comp '{compression}' is not valid mksquashfs compression"),
            BlockSize = Parsed(() => Squashfs.BlockSize.Parse(blockSize), SpecDiagnosticCodes.BlockSizeInvalid, "--block-size", $"--block-size '{blockSize}' is not a valid mksquashfs block size"),
            UseFragments = !parse.GetValue(definition.NoFragments),
            Deduplicate = !parse.GetValue(definition.NoDuplicates),
            ExportTable = parse.GetValue(definition.Exports),
            AllRoot = parse.GetValue(definition.AllRoot),
            Parallelism = parse.GetValue(definition.Processors),
            FilesystemTime = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH") is { } epoch ? SourceDateEpoch.Parse(epoch) : null,
            BlockCache = CacheOptions.Resolve(parse),
            Warning = message => output.Error.WriteLine($"warning {BuildDiagnosticCodes.BlockCacheUnusable}: {message}"),
        };
        if (options.Compression.ProblemWith(options.BlockSize) is { } problem)
        {
            throw Problem(SpecDiagnosticCodes.CompressionDoesNotFitBlockSize, "--comp", $"--comp '{compression}' does not fit --block-size '{blockSize}': {problem.TrimEnd('.')}. Choose another block size or other compression options.");
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var source = parse.GetValue(definition.Source)!.FullName;
        if (!Directory.Exists(source))
        {
            throw Problem(BuildDiagnosticCodes.SourceDirectoryMissing, source, $"The source {source} {(File.Exists(source) ? "is a file, not a directory" : "does not exist")}: give the directory to pack.");
        }

        var image = parse.GetValue(definition.Image)!.FullName;
        // The image is renamed over the path: a device node or FIFO there is surely not an older image.
        if (UnixNative.TryStat(image, followSymlinks: false, out var status, out _) && !(status.IsRegular || status.IsSymlink))
        {
            throw Problem(BuildDiagnosticCodes.OutputDirectoryNotWritable, image, $"The image path {image} is {(status.IsDirectory ? "a directory" : "a device node, FIFO or socket")}, which the image would replace: give the path of an image file.");
        }

        var folder = Path.GetDirectoryName(image)!;
        if (!Directory.Exists(folder))
        {
            throw Problem(BuildDiagnosticCodes.OutputDirectoryMissing, folder, $"The image's directory {folder} does not exist: create it first, or write the image elsewhere.");
        }

        var loader = new HostTreeLoader();
        // As mksquashfs does, the image leaves itself out: the previous one would go into the next.
        var own = Path.GetRelativePath(source, image);
        var root = loader.LoadRoot(source, relative => relative == own, cancellationToken);
        if (PortableImageLayout.AclsLeftOut(loader) is { } acls)
        {
            output.Error.WriteLine(TerminalText.Line(acls));
        }

        var result = SquashfsWriter.Write(root, image, options, progress: null, cancellationToken);
        if (parse.GetValue(SharedOptions.Json))
        {
            var record = new SquashJson(image, result.ImageSize, result.Files, result.BytesRead, result.DuplicateFiles, result.FragmentBlocks, Math.Round(stopwatch.Elapsed.TotalSeconds, 3), result.CachedBlocks);
            output.Out.WriteLine(JsonSerializer.Serialize(record, JsonOutput.Default.SquashJson));
        }
        else
        {
            output.Out.WriteLine($"{image}: {Sizes.Format(result.ImageSize)}, {result.Inodes} inodes, {result.Files} files ({Sizes.Format(result.BytesRead)} read, {result.DuplicateFiles} duplicates), {result.FragmentBlocks} fragment blocks, {result.CachedBlocks} blocks from the cache, {stopwatch.Elapsed.TotalSeconds:0.00} s");
        }

        return ExitCodes.Success;
    }

    /// <summary>Parses an option value, turning the parser's complaint into a user error that names the option.</summary>
    private static T Parsed<T>(Func<T> parse, string code, string option, string what)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw Problem(code, option, $"{what}: {e.Message.TrimEnd('.')}.");
        }
    }

    private static DiagnosticException Problem(string code, string location, string message) =>
        new([new Diagnostic(code, DiagnosticSeverity.Error, message, location)]);
}
