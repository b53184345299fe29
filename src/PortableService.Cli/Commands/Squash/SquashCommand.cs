using System.CommandLine;
using System.Text.Json;
using PortableService.Cli.Output;
using Squashfs;
using Squashfs.Compression;
using Squashfs.Tree;

namespace PortableService.Cli.Commands.Squash;

internal static class SquashCommand
{
    public static int Execute(ParseResult parse, SquashCommandDefinition definition, CommandOutput output, CancellationToken cancellationToken)
    {
        var options = new SquashfsWriterOptions
        {
            Compression = CompressionSettings.Parse(parse.GetValue(definition.Compression)!),
            BlockSize = Squashfs.BlockSize.Parse(parse.GetValue(definition.BlockSize)!),
            UseFragments = !parse.GetValue(definition.NoFragments),
            Deduplicate = !parse.GetValue(definition.NoDuplicates),
            ExportTable = parse.GetValue(definition.Exports),
            AllRoot = parse.GetValue(definition.AllRoot),
            Parallelism = parse.GetValue(definition.Processors),
            FilesystemTime = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH") is { } epoch ? SourceDateEpoch.Parse(epoch) : null,
        };
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var root = new HostTreeLoader().LoadRoot(parse.GetValue(definition.Source)!.FullName, cancellationToken);
        var image = parse.GetValue(definition.Image)!.FullName;
        var result = SquashfsWriter.Write(root, image, options, progress: null, cancellationToken);
        if (parse.GetValue(SharedOptions.Json))
        {
            output.Out.WriteLine(JsonSerializer.Serialize(new { path = image, size = result.ImageSize, files = result.Files, bytesIn = result.BytesRead, duplicateFiles = result.DuplicateFiles, fragmentBlocks = result.FragmentBlocks, seconds = Math.Round(stopwatch.Elapsed.TotalSeconds, 3) }));
        }
        else
        {
            output.Out.WriteLine($"{image}: {Sizes.Format(result.ImageSize)}, {result.Inodes} inodes, {result.Files} files ({Sizes.Format(result.BytesRead)} read, {result.DuplicateFiles} duplicates), {result.FragmentBlocks} fragment blocks, {stopwatch.Elapsed.TotalSeconds:0.00} s");
        }

        return ExitCodes.Success;
    }
}
