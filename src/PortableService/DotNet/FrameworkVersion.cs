namespace PortableService.DotNet;

/// <summary>A framework version as the host compares them: <c>major.minor.patch[-prerelease]</c>, a release above its prereleases.</summary>
public sealed record FrameworkVersion(int Major, int Minor, int Patch, string Prerelease) : IComparable<FrameworkVersion>
{
    public bool IsPrerelease => Prerelease.Length > 0;

    public static bool operator <(FrameworkVersion? left, FrameworkVersion? right) => Compare(left, right) < 0;

    public static bool operator <=(FrameworkVersion? left, FrameworkVersion? right) => Compare(left, right) <= 0;

    public static bool operator >(FrameworkVersion? left, FrameworkVersion? right) => Compare(left, right) > 0;

    public static bool operator >=(FrameworkVersion? left, FrameworkVersion? right) => Compare(left, right) >= 0;

    /// <summary>Orders as <see cref="CompareTo"/>, with null before every version.</summary>
    private static int Compare(FrameworkVersion? left, FrameworkVersion? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    public static FrameworkVersion? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dash = text.IndexOf('-');
        var numbers = (dash < 0 ? text : text[..dash]).Split('.');
        if (numbers.Length != 3
            || !int.TryParse(numbers[0], out var major) || !int.TryParse(numbers[1], out var minor) || !int.TryParse(numbers[2], out var patch))
        {
            return null;
        }

        return new FrameworkVersion(major, minor, patch, dash < 0 ? string.Empty : text[(dash + 1)..]);
    }

    public int CompareTo(FrameworkVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var order = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (order != 0 || Prerelease == other.Prerelease)
        {
            return order;
        }

        // 10.0.0 is above 10.0.0-rc.2: an empty prerelease sorts last.
        return IsPrerelease ? (other.IsPrerelease ? string.CompareOrdinal(Prerelease, other.Prerelease) : -1) : 1;
    }

    public override string ToString() => IsPrerelease ? $"{Major}.{Minor}.{Patch}-{Prerelease}" : $"{Major}.{Minor}.{Patch}";
}
