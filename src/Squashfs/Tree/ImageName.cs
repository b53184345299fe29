using System.Text;

namespace Squashfs.Tree;

/// <summary>The rules for one path component in a squashfs image.</summary>
public static class ImageName
{
    /// <summary>Longest name the format stores (the directory entry's size field holds length - 1 in 16 bits; the kernel reads up to 256).</summary>
    public const int MaxLength = 256;

    public static bool IsValid(string name) => Problem(name) is null;

    public static void Validate(string name)
    {
        if (Problem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }
    }

    private static string? Problem(string name)
    {
        if (name.Length == 0 || name is "." or "..")
        {
            return string.Format(CultureInfo.InvariantCulture, Strings.InvalidName, name);
        }

        if (name.Contains('/') || name.Contains('\0'))
        {
            return string.Format(CultureInfo.InvariantCulture, Strings.InvalidName, name);
        }

        return Encoding.UTF8.GetByteCount(name) > MaxLength ? string.Format(CultureInfo.InvariantCulture, Strings.NameTooLong, name, MaxLength) : null;
    }
}
