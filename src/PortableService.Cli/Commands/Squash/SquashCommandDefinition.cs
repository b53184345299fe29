using System.CommandLine;
using PortableService.Cli.Commands.Cache;

namespace PortableService.Cli.Commands.Squash;

/// <summary>The `squash` verb: pack any directory into a squashfs image with the built-in writer, as mksquashfs does.</summary>
internal sealed class SquashCommandDefinition : Command
{
    public SquashCommandDefinition()
        : base("squash", "Pack a directory into a squashfs image with the built-in writer (like mksquashfs SOURCE IMAGE).")
    {
        Add(Source);
        Add(Image);
        Add(Compression);
        Add(BlockSize);
        Add(NoFragments);
        Add(NoDuplicates);
        Add(Exports);
        Add(AllRoot);
        Add(Processors);
        Processors.Validators.Add(result =>
        {
            // A value that is no number at all is the parser's to report.
            if (result.Tokens is [{ } token] && int.TryParse(token.Value, out var count) && (count < 1 || count > MaxProcessors))
            {
                result.AddError($"--processors must be from 1 to {MaxProcessors}: each thread holds its own blocks and compressor state.");
            }
        });
        CacheOptions.AddTo(this);
        Add(SharedOptions.Json);
        Add(SharedOptions.Verbose);
    }

    /// <summary>More compression threads than this gain nothing and could exhaust memory.</summary>
    private static readonly int MaxProcessors = Math.Max(64, 4 * Environment.ProcessorCount);

    public Argument<DirectoryInfo> Source { get; } = new("SOURCE") { Description = "The directory to pack." };

    public Argument<FileInfo> Image { get; } = new("IMAGE") { Description = "The image to write (replaced atomically)." };

    public Option<string> Compression { get; } = new("--comp") { Description = "Compressor and options, mksquashfs syntax.", DefaultValueFactory = _ => "xz -Xdict-size 100%" };

    public Option<string> BlockSize { get; } = new("-b", "--block-size") { Description = "Block size, 4K to 1M.", DefaultValueFactory = _ => "1M" };

    public Option<bool> NoFragments { get; } = new("--no-fragments") { Description = "Store tails and small files in blocks of their own." };

    public Option<bool> NoDuplicates { get; } = new("--no-duplicates") { Description = "Do not look for identical files." };

    public Option<bool> Exports { get; } = new("--exports") { Description = "Write the NFS export table." };

    public Option<bool> AllRoot { get; } = new("--all-root") { Description = "Make every file owned by root." };

    public Option<int> Processors { get; } = new("--processors") { Description = "Compression threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
}
