using System.Text;

namespace Squashfs.Tests.Compression;

/// <summary>Deterministic test inputs.</summary>
internal static class TestData
{
    private static readonly string[] s_words =
        ["squashfs", "block", "inode", "portable", "service", "systemd", "unit", "image", "fragment", "table", "\n", "0x7fff", "the", "a"];

    /// <summary>Text-like bytes from a small vocabulary: every codec shrinks them well.</summary>
    public static byte[] Compressible(int length, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            text.Append(s_words[random.Next(s_words.Length)]).Append(' ');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    /// <summary>Random bytes: no codec shrinks them.</summary>
    public static byte[] Incompressible(int length, int seed = 2)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
