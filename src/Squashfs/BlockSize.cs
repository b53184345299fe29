using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Squashfs;

/// <summary>The data block size of an image, in mksquashfs's <c>-b</c> syntax: <c>128K</c>, <c>1M</c> or <c>131072</c>.</summary>
public static class BlockSize
{
    public const int Min = 4 * 1024;
    public const int Max = 1024 * 1024;

    /// <summary>mksquashfs's default, 128K.</summary>
    public const int Default = 128 * 1024;

    /// <summary>True for a power of two from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public static bool IsValid(int blockSize) => blockSize is >= Min and <= Max && BitOperations.IsPow2(blockSize);

    public static int Parse(string text) =>
        TryParse(text, out int blockSize, out string? error) ? blockSize : throw new FormatException(error);

    public static bool TryParse(string text, out int blockSize) => TryParse(text, out blockSize, out _);

    public static bool TryParse(string text, out int blockSize, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        blockSize = 0;

        string trimmed = text.Trim();
        int multiplier = trimmed.EndsWith('K') || trimmed.EndsWith('k') ? 1024
            : trimmed.EndsWith('M') || trimmed.EndsWith('m') ? 1024 * 1024
            : 1;
        string digits = multiplier == 1 ? trimmed : trimmed[..^1];

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long count))
        {
            error = string.Format(CultureInfo.InvariantCulture, Strings.BlockSizeInvalidSyntax, text);
            return false;
        }

        if (count > Max || count * multiplier > Max || !IsValid((int)(count * multiplier)))
        {
            error = string.Format(CultureInfo.InvariantCulture, Strings.BlockSizeInvalidValue, text);
            return false;
        }

        blockSize = (int)(count * multiplier);
        error = null;
        return true;
    }

    /// <summary>The shortest mksquashfs form of a size: <c>1M</c>, <c>128K</c>, or the bytes when not a whole K.</summary>
    public static string Format(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);

        return bytes % (1024 * 1024) == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)}M")
            : bytes % 1024 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024}K")
            : bytes.ToString(CultureInfo.InvariantCulture);
    }
}
