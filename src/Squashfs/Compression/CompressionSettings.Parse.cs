using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Squashfs.Compression;

public sealed partial class CompressionSettings
{
    /// <summary>The -X options of each compressor, as mksquashfs -help lists them.</summary>
    private static readonly Dictionary<SquashfsCompressorId, OptionSpec[]> s_options = new()
    {
        [SquashfsCompressorId.Gzip] =
        [
            new("-Xcompression-level", Format(Strings.ValueIntegerRange, 1, 9, GzipDefaultLevel), (s, v) => s.SetLevel(v, 1, 9)),
            new("-Xwindow-size", Format(Strings.ValueIntegerRange, 8, 15, GzipDefaultWindowSize), (s, v) => s.SetWindowSize(v)),
            new("-Xstrategy", Format(Strings.ValueList, CompressionNames.List(CompressionNames.Strategies)), (s, v) => s.AddStrategies(v)),
        ],
        [SquashfsCompressorId.Lzo] =
        [
            new("-Xalgorithm", Format(Strings.ValueOneOf, CompressionNames.List(CompressionNames.Algorithms), "lzo1x_999"), (s, v) => s.SetAlgorithm(v)),
            new("-Xcompression-level", Format(Strings.ValueLzoLevel, LzoDefaultLevel), (s, v) => s.SetLevel(v, 1, 9)),
        ],
        [SquashfsCompressorId.Lz4] =
        [
            new("-Xhc", ValueHint: null, (s, _) => s.SetHighCompression()),
        ],
        [SquashfsCompressorId.Xz] =
        [
            new("-Xbcj", Format(Strings.ValueList, CompressionNames.List(CompressionNames.Filters)), (s, v) => s.AddFilters(v)),
            new("-Xdict-size", Strings.ValueXzDictionarySize, (s, v) => s.SetDictionarySize(v)),
        ],
        [SquashfsCompressorId.Zstd] =
        [
            new("-Xcompression-level", Format(Strings.ValueIntegerRange, 1, ZstdCompressor.MaxLevel, ZstdDefaultLevel), (s, v) => s.SetLevel(v, 1, ZstdCompressor.MaxLevel)),
        ],
        [SquashfsCompressorId.Lzma] = [],
    };

    /// <summary>Parses mksquashfs's <c>-comp</c> syntax; the <see cref="FormatException"/> names every bad token.</summary>
    public static CompressionSettings Parse(string text) =>
        TryParse(text, out CompressionSettings? settings, out string? error) ? settings : throw new FormatException(error);

    /// <summary>Parses mksquashfs's <c>-comp</c> syntax; <paramref name="error"/> names every bad token, one per line.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out CompressionSettings? settings, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        settings = null;

        string[] tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            error = string.Format(CultureInfo.InvariantCulture, Strings.CompressionSettingsEmpty, CompressionNames.List(CompressionNames.Compressors));
            return false;
        }

        // Names are case-sensitive, as mksquashfs compares them with strcmp.
        if (!TryFind(CompressionNames.Compressors, tokens[0], out SquashfsCompressorId id))
        {
            error = string.Format(CultureInfo.InvariantCulture, Strings.UnknownCompressor, tokens[0], CompressionNames.List(CompressionNames.Compressors));
            return false;
        }

        var result = new CompressionSettings(id);
        List<string> errors = result.ParseOptions(tokens[0], tokens.AsSpan(1));
        if (errors.Count > 0)
        {
            error = string.Join(Environment.NewLine, errors);
            return false;
        }

        settings = result;
        error = null;
        return true;
    }

    private List<string> ParseOptions(string compressor, ReadOnlySpan<string> tokens)
    {
        OptionSpec[] options = s_options[Compressor];
        string optionList = string.Join(", ", options.Select(o => o.Name));
        var errors = new List<string>();

        for (int i = 0; i < tokens.Length; i++)
        {
            string token = tokens[i];
            OptionSpec? option = options.FirstOrDefault(o => o.Name == token);
            if (option is null)
            {
                errors.Add(
                    options.Length == 0 ? string.Format(CultureInfo.InvariantCulture, Strings.CompressorTakesNoOptions, token, compressor)
                    : IsOptionLike(token) ? string.Format(CultureInfo.InvariantCulture, Strings.UnknownCompressorOption, token, compressor, optionList)
                    : string.Format(CultureInfo.InvariantCulture, Strings.UnexpectedCompressorToken, token, compressor, optionList));

                // The value of an unknown option would only add a second error for the same mistake.
                if (token.StartsWith('-') && i + 1 < tokens.Length && !tokens[i + 1].StartsWith('-'))
                {
                    i++;
                }

                continue;
            }

            string value = "";
            if (option.ValueHint is not null)
            {
                // mksquashfs would take the next option as the value; naming the missing value is clearer.
                if (i + 1 == tokens.Length || IsOptionLike(tokens[i + 1]))
                {
                    errors.Add(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionMissingValue, option.Name, compressor, option.ValueHint));
                    continue;
                }

                value = tokens[++i];
            }

            if (option.Apply(this, value) is { } problem)
            {
                errors.Add(string.Format(CultureInfo.InvariantCulture, Strings.CompressorOptionBadValue, option.Name, value, compressor, problem));
            }
        }

        // mksquashfs checks this once all options are read, so their order does not matter.
        if (Compressor == SquashfsCompressorId.Lzo && Level is not null && Algorithm is { } algorithm && algorithm != LzoAlgorithm.Lzo1x999)
        {
            errors.Add(string.Format(CultureInfo.InvariantCulture, Strings.LzoLevelNeedsLzo1x999, CompressionNames.NameOf(algorithm)));
        }

        return errors;
    }

    private static string Format(string format, params object[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);

    private static bool IsOptionLike(string token) => token.StartsWith("-X", StringComparison.Ordinal);

    private string? SetLevel(string value, int min, int max)
    {
        if (!TryParseInteger(value, min, max, out int level))
        {
            return string.Format(CultureInfo.InvariantCulture, Strings.ExpectedIntegerRange, min, max);
        }

        Level = level;
        return null;
    }

    private string? SetWindowSize(string value)
    {
        if (!TryParseInteger(value, 8, 15, out int window))
        {
            return string.Format(CultureInfo.InvariantCulture, Strings.ExpectedIntegerRange, 8, 15);
        }

        WindowSize = window;
        return null;
    }

    // Repeated -Xstrategy and -Xbcj options add up, as in mksquashfs.
    private string? AddStrategies(string value)
    {
        string? problem = ParseList(value, CompressionNames.Strategies, out GzipStrategies strategies);
        Strategies = (Strategies ?? GzipStrategies.None) | strategies;
        return problem;
    }

    private string? AddFilters(string value)
    {
        string? problem = ParseList(value, CompressionNames.Filters, out XzFilters filters);
        Filters = (Filters ?? XzFilters.None) | filters;
        return problem;
    }

    private string? SetAlgorithm(string value)
    {
        if (!TryFind(CompressionNames.Algorithms, value, out LzoAlgorithm algorithm))
        {
            return string.Format(CultureInfo.InvariantCulture, Strings.NotOneOf, value, CompressionNames.List(CompressionNames.Algorithms));
        }

        Algorithm = algorithm;
        return null;
    }

    private string? SetHighCompression()
    {
        HighCompression = true;
        return null;
    }

    private string? SetDictionarySize(string value)
    {
        Match match = DictionarySizeSyntax().Match(value);
        if (!match.Success)
        {
            return Strings.XzDictionarySyntax;
        }

        string number = match.Groups["number"].Value;
        string suffix = match.Groups["suffix"].Value;
        if (suffix == "%")
        {
            float percent = float.Parse(number, CultureInfo.InvariantCulture);
            if (percent is <= 0 or > 100)
            {
                return Strings.XzDictionaryPercentRange;
            }

            (DictionaryPercent, DictionaryBytes) = (percent, null);
            return null;
        }

        double count = double.Parse(number, CultureInfo.InvariantCulture);
        if (count != Math.Floor(count))
        {
            return Strings.XzDictionaryFractional;
        }

        double bytes = count * suffix.ToUpperInvariant() switch { "K" => 1024, "M" => 1024 * 1024, _ => 1 };
        if (bytes > BlockSize.Max)
        {
            return string.Format(CultureInfo.InvariantCulture, Strings.XzDictionaryTooLarge, BlockSize.Format(BlockSize.Max));
        }

        // Absolute sizes do not depend on the block size, so they are checked now rather than in CreateCompressor.
        if (XzDictionaryProblem((int)bytes) is { } problem)
        {
            return problem;
        }

        (DictionaryBytes, DictionaryPercent) = ((int)bytes, null);
        return null;
    }

    private static bool TryParseInteger(string value, int min, int max, out int result) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= min && result <= max;

    private static bool TryFind<T>((string Name, T Value)[] table, string name, out T value)
    {
        foreach ((string candidate, T candidateValue) in table)
        {
            if (candidate == name)
            {
                value = candidateValue;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>Reads a comma-separated list of names; a trailing comma is accepted, as mksquashfs does.</summary>
    private static string? ParseList<TFlag>(string value, (string Name, TFlag Flag)[] table, out TFlag flags)
        where TFlag : struct, Enum
    {
        ulong bits = 0;
        string list = value.EndsWith(',') ? value[..^1] : value;
        foreach (string name in list.Split(','))
        {
            if (!TryFind(table, name, out TFlag flag))
            {
                flags = default;
                return string.Format(CultureInfo.InvariantCulture, Strings.NotOneOf, name, CompressionNames.List(table));
            }

            bits |= Convert.ToUInt64(flag, CultureInfo.InvariantCulture);
        }

        flags = (TFlag)Enum.ToObject(typeof(TFlag), bits);
        return null;
    }

    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]+)?)(?<suffix>[%kKmM]?)$", RegexOptions.CultureInvariant)]
    private static partial Regex DictionarySizeSyntax();

    /// <param name="ValueHint">What the value looks like, or null for an option that takes none (-Xhc).</param>
    /// <param name="Apply">Stores the value and returns null, or returns why the value is refused.</param>
    private sealed record OptionSpec(string Name, string? ValueHint, Func<CompressionSettings, string, string?> Apply);
}
