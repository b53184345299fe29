using System.Buffers;

namespace PortableService.Closure.Nix;

/// <summary>Nix's base-32 alphabet (no e, o, t, u) and the 32-character hash parts of store paths written in it.</summary>
internal static class NixBase32
{
    public const string Alphabet = "0123456789abcdfghijklmnpqrsvwxyz";

    /// <summary>Characters in a store path's hash part.</summary>
    public const int HashLength = 32;

    public static readonly SearchValues<byte> Bytes = SearchValues.Create("0123456789abcdfghijklmnpqrsvwxyz"u8);

    /// <summary>For each byte, its digit value plus one, or 0 when it is not in the alphabet.</summary>
    private static readonly byte[] s_digits = BuildDigits();

    public static bool IsDigit(byte b) => s_digits[b] != 0;

    public static bool IsDigit(char c) => c < 128 && s_digits[c] != 0;

    /// <summary>True when all of <paramref name="text"/> is in the alphabet.</summary>
    public static bool IsHash(ReadOnlySpan<char> text)
    {
        if (text.Length != HashLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Packs 32 alphabet bytes into a key; the caller has checked every byte.</summary>
    public static NixHashKey Pack(ReadOnlySpan<byte> hash)
    {
        ulong a = 0, b = 0, c = 0;
        for (var i = 0; i < 12; i++)
        {
            a = (a << 5) | (uint)(s_digits[hash[i]] - 1);
        }

        for (var i = 12; i < 24; i++)
        {
            b = (b << 5) | (uint)(s_digits[hash[i]] - 1);
        }

        for (var i = 24; i < HashLength; i++)
        {
            c = (c << 5) | (uint)(s_digits[hash[i]] - 1);
        }

        return new NixHashKey(a, b, c);
    }

    /// <summary>Packs a 32-character hash part.</summary>
    public static NixHashKey Pack(ReadOnlySpan<char> hash)
    {
        Span<byte> bytes = stackalloc byte[HashLength];
        for (var i = 0; i < HashLength; i++)
        {
            bytes[i] = (byte)hash[i];
        }

        return Pack(bytes);
    }

    private static byte[] BuildDigits()
    {
        var digits = new byte[256];
        for (var i = 0; i < Alphabet.Length; i++)
        {
            digits[Alphabet[i]] = (byte)(i + 1);
        }

        return digits;
    }
}
