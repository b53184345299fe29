using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Squashfs.Compression;

/// <summary>
/// A compressor and its options in mksquashfs's own <c>-comp</c> syntax, such as <c>xz -Xdict-size 100%</c> or
/// <c>gzip -Xcompression-level 9 -Xstrategy default,filtered</c>. Options keep the meaning, ranges and defaults
/// mksquashfs gives them; values that depend on the block size are checked by <see cref="CreateCompressor"/>.
/// </summary>
public sealed partial class CompressionSettings
{
    internal const int GzipDefaultLevel = 9;
    internal const int GzipDefaultWindowSize = 15;
    internal const int ZstdDefaultLevel = 15;
    internal const int LzoDefaultLevel = 8;

    private CompressionSettings(SquashfsCompressorId compressor) => Compressor = compressor;

    /// <summary>
    /// xz with a dictionary as large as the block, the densest xz setting for data blocks. Like mksquashfs, it refuses
    /// 4K blocks, whose dictionary would be smaller than xz's 8K minimum.
    /// </summary>
    public static CompressionSettings Default { get; } = new(SquashfsCompressorId.Xz) { DictionaryPercent = 100 };

    public SquashfsCompressorId Compressor { get; }

    // Each option is null when it was not given, so ToString repeats what was asked and no more.

    /// <summary>-Xcompression-level of gzip, zstd and lzo.</summary>
    internal int? Level { get; private set; }

    /// <summary>-Xwindow-size of gzip.</summary>
    internal int? WindowSize { get; private set; }

    /// <summary>-Xstrategy of gzip.</summary>
    internal GzipStrategies? Strategies { get; private set; }

    /// <summary>-Xbcj of xz.</summary>
    internal XzFilters? Filters { get; private set; }

    /// <summary>-Xdict-size of xz as an absolute size in bytes.</summary>
    internal int? DictionaryBytes { get; private set; }

    /// <summary>-Xdict-size of xz as a percentage of the block size (a float, as mksquashfs computes it).</summary>
    internal float? DictionaryPercent { get; private set; }

    /// <summary>-Xhc of lz4.</summary>
    internal bool HighCompression { get; private set; }

    /// <summary>-Xalgorithm of lzo.</summary>
    internal LzoAlgorithm? Algorithm { get; private set; }

    /// <summary>The canonical mksquashfs form, such as <c>xz -Xbcj x86,arm -Xdict-size 50%</c>.</summary>
    public override string ToString() => string.Join(' ', Tokens());

    /// <summary>The arguments that give an external mksquashfs these settings, such as <c>-comp xz -Xdict-size 100%</c>.</summary>
    public IReadOnlyList<string> ToMksquashfsArguments() => ["-comp", .. Tokens()];

    /// <summary>
    /// Resolves the options for <paramref name="blockSize"/> and returns a compressor for data blocks. Throws
    /// <see cref="ArgumentException"/> when a value does not fit the block size, as mksquashfs refuses it.
    /// </summary>
    internal ISquashfsCompressor CreateCompressor(int blockSize)
    {
        if (!BlockSize.IsValid(blockSize))
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, string.Format(CultureInfo.InvariantCulture, Strings.BlockSizeInvalidValue, blockSize));
        }

        return Compressor switch
        {
            SquashfsCompressorId.Gzip => new GzipCompressor(Level ?? GzipDefaultLevel, WindowSize ?? GzipDefaultWindowSize, EffectiveStrategies()),
            SquashfsCompressorId.Lzma => new LzmaCompressor(blockSize),
            SquashfsCompressorId.Lzo => Algorithm is null or LzoAlgorithm.Lzo1x999
                ? new LzoCompressor(LzoAlgorithm.Lzo1x999, Level ?? LzoDefaultLevel)
                : new LzoCompressor(Algorithm.Value, level: 0),
            SquashfsCompressorId.Xz => new XzCompressor(blockSize, ResolveDictionarySize(blockSize), Filters ?? XzFilters.None),
            SquashfsCompressorId.Lz4 => new Lz4Compressor(HighCompression),
            SquashfsCompressorId.Zstd => new ZstdCompressor(Level ?? ZstdDefaultLevel),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>
    /// Why these settings cannot be used with <paramref name="blockSize"/> (an xz dictionary larger than the block, or
    /// a percentage that gives a size xz cannot store), as mksquashfs would refuse them; null when they can.
    /// </summary>
    public string? ProblemWith(int blockSize)
    {
        if (Compressor != SquashfsCompressorId.Xz)
        {
            return null;
        }

        return TryResolveDictionarySize(blockSize, out _, out var problem) ? null : problem;
    }

    // mksquashfs drops "-Xstrategy default" on its own: one default strategy is no choice at all.
    private GzipStrategies EffectiveStrategies() =>
        Strategies is GzipStrategies.Default or null ? GzipStrategies.None : Strategies.Value;

    private int ResolveDictionarySize(int blockSize) =>
        TryResolveDictionarySize(blockSize, out var size, out var problem) ? size : throw new ArgumentException(problem, nameof(blockSize));

    private bool TryResolveDictionarySize(int blockSize, out int size, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        if (DictionaryBytes is { } bytes)
        {
            size = bytes;
            if (bytes > blockSize)
            {
                problem = string.Format(CultureInfo.InvariantCulture, Strings.XzDictionaryLargerThanBlock, BlockSize.Format(bytes), BlockSize.Format(blockSize));
            }

            return problem is null;
        }

        if (DictionaryPercent is not { } percent)
        {
            size = blockSize;
        }
        else
        {
            // Single precision and truncation, as mksquashfs computes block_size * percent / 100.
            size = (int)(blockSize * percent / 100f);
            if (XzDictionaryProblem(size) is { } why)
            {
                problem = string.Format(CultureInfo.InvariantCulture, Strings.XzDictionaryPercentUnusable, FormatPercent(percent), BlockSize.Format(blockSize), size, why);
            }
        }

        return problem is null;
    }

    /// <summary>Why an xz dictionary size is refused (mksquashfs: 8192 or more, and 2^n or 2^n + 2^(n+1)), or null.</summary>
    private static string? XzDictionaryProblem(int size)
    {
        if (size < XzCompressor.MinDictionarySize)
        {
            return Strings.XzDictionaryTooSmall;
        }

        return XzCompressor.IsStorableDictionarySize(size) ? null : Strings.XzDictionaryNotStorable;
    }

    // Options in the order of mksquashfs -help: gzip level, window, strategy; lzo algorithm, level; xz bcj, dict-size.
    private IEnumerable<string> Tokens()
    {
        yield return CompressionNames.NameOf(Compressor);

        if (Algorithm is { } algorithm)
        {
            yield return "-Xalgorithm";
            yield return CompressionNames.NameOf(algorithm);
        }

        if (Filters is { } filters)
        {
            yield return "-Xbcj";
            yield return CompressionNames.Join(CompressionNames.Filters, filters);
        }

        if (Level is { } level)
        {
            yield return "-Xcompression-level";
            yield return level.ToString(CultureInfo.InvariantCulture);
        }

        if (WindowSize is { } window)
        {
            yield return "-Xwindow-size";
            yield return window.ToString(CultureInfo.InvariantCulture);
        }

        if (Strategies is { } strategies)
        {
            yield return "-Xstrategy";
            yield return CompressionNames.Join(CompressionNames.Strategies, strategies);
        }

        if (DictionaryBytes is { } bytes)
        {
            yield return "-Xdict-size";
            yield return BlockSize.Format(bytes);
        }
        else if (DictionaryPercent is { } percent)
        {
            yield return "-Xdict-size";
            yield return FormatPercent(percent);
        }

        if (HighCompression)
        {
            yield return "-Xhc";
        }
    }

    private static string FormatPercent(float percent) => percent.ToString(CultureInfo.InvariantCulture) + "%";
}
