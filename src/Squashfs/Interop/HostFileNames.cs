using System.Globalization;
using System.Text;

namespace Squashfs.Interop;

/// <summary>
/// Host file names as text. Linux names are bytes; .NET's directory enumeration decodes them as UTF-8 and turns what
/// is not UTF-8 into U+FFFD, after which the file cannot be found again. Here each byte that is not UTF-8 becomes a
/// lone low surrogate U+DC80..U+DCFF instead (as Python's surrogateescape does): two such names stay apart, no real
/// path is ever confused with one, and messages can show the bytes (<c>caf\xe9.txt</c>).
/// </summary>
public static class HostFileNames
{
    private const char FirstEscape = '\uDC80';
    private const char LastEscape = '\uDCFF';

    /// <summary>
    /// The names of <paramref name="directory"/> as .NET listed them (<paramref name="listed"/>), or, when one of them
    /// holds U+FFFD, re-read from the file system and decoded with escapes (see <see cref="Decode"/>).
    /// </summary>
    public static string[] Relist(string directory, string[] listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        return listed.Any(n => n.Contains('\uFFFD', StringComparison.Ordinal)) ? [.. UnixNative.ListNameBytes(directory).Select(Decode)] : listed;
    }

    /// <summary>A name from its bytes: UTF-8, each byte that is not part of valid UTF-8 as U+DC80 + (byte - 0x80).</summary>
    public static string Decode(byte[] name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length);
        ReadOnlySpan<byte> rest = name;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(rest, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                // Only bytes from 0x80 up can be undecodable: ASCII always decodes.
                for (var i = 0; i < consumed; i++)
                {
                    text.Append((char)(FirstEscape + rest[i] - 0x80));
                }
            }

            rest = rest[consumed..];
        }

        return text.ToString();
    }

    /// <summary>True when <paramref name="path"/> holds bytes that are not UTF-8 (see <see cref="Decode"/>).</summary>
    public static bool HasEscapes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var i = path.AsSpan().IndexOfAnyInRange(FirstEscape, LastEscape); i >= 0 && i < path.Length; i++)
        {
            if (IsEscape(path, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A path for messages: each escaped byte as <c>\xNN</c>.</summary>
    public static string Display(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!HasEscapes(path))
        {
            return path;
        }

        var text = new StringBuilder(path.Length + 8);
        for (var i = 0; i < path.Length; i++)
        {
            if (IsEscape(path, i))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{path[i] - FirstEscape + 0x80:x2}");
            }
            else
            {
                text.Append(path[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>A low surrogate of the escape range that is not the second half of a pair.</summary>
    private static bool IsEscape(string path, int i) =>
        path[i] is >= FirstEscape and <= LastEscape && (i == 0 || !char.IsHighSurrogate(path[i - 1]));
}
