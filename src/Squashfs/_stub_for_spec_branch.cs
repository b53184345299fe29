// TEMPORARY, spec branch only: drop this file at merge. It stands in for the compression work's
// CompressionSettings.TryParse and BlockSize.TryParse so that the spec validator can be written against
// their signatures. It accepts what mksquashfs accepts in outline only.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Squashfs.Compression
{
    public static class CompressionSettingsSpecBranchStub
    {
        extension(CompressionSettings)
        {
            public static bool TryParse(string text, [NotNullWhen(true)] out CompressionSettings? settings, out string? error)
            {
                settings = null;
                string[] words = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0)
                {
                    error = "no compressor given";
                    return false;
                }

                if (words[0] is not ("gzip" or "lzma" or "lzo" or "xz" or "lz4" or "zstd"))
                {
                    error = $"unknown compressor '{words[0]}': choose gzip, lzma, lzo, xz, lz4 or zstd";
                    return false;
                }

                foreach (string option in words.Skip(1))
                {
                    if (!option.StartsWith("-X", StringComparison.Ordinal) && !char.IsDigit(option[0]) && !option.EndsWith('%'))
                    {
                        error = $"'{option}' is not a compressor option";
                        return false;
                    }
                }

                settings = CompressionSettings.Default;
                error = null;
                return true;
            }
        }
    }
}

namespace Squashfs
{
    public static class BlockSize
    {
        public static bool TryParse(string text, out int blockSize, out string? error)
        {
            blockSize = 0;
            string s = text ?? string.Empty;
            long factor = 1;
            if (s.EndsWith('K') || s.EndsWith('k'))
            {
                factor = 1024;
                s = s[..^1];
            }
            else if (s.EndsWith('M') || s.EndsWith('m'))
            {
                factor = 1024 * 1024;
                s = s[..^1];
            }

            if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value * factor is < 4096 or > 1048576
                || ((value * factor) & ((value * factor) - 1)) != 0)
            {
                error = $"'{text}' is not a block size: give a power of two from 4K to 1M";
                return false;
            }

            blockSize = (int)(value * factor);
            error = null;
            return true;
        }
    }
}
