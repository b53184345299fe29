using System.Text;

namespace Squashfs.Tree;

/// <summary>Orders names by their UTF-8 bytes, as squashfs directory listings must be sorted.</summary>
public sealed class Utf8NameComparer : IComparer<string>
{
    public static readonly Utf8NameComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        Span<byte> bx = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(x.Length, 300))];
        Span<byte> by = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(y.Length, 300))];
        if (x.Length > 300 || y.Length > 300)
        {
            return Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
        }

        var lx = Encoding.UTF8.GetBytes(x, bx);
        var ly = Encoding.UTF8.GetBytes(y, by);
        return bx[..lx].SequenceCompareTo(by[..ly]);
    }
}
