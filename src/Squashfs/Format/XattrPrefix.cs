namespace Squashfs.Format;

/// <summary>The xattr namespaces squashfs can store, by their on-disk type number.</summary>
internal enum XattrPrefix : ushort
{
    User = 0,
    Trusted = 1,
    Security = 2,
}

internal static class XattrPrefixes
{
    /// <summary>Type bit meaning the value is stored out of line (a reference to a shared value).</summary>
    public const ushort OutOfLineValue = 0x100;

    public static string Name(XattrPrefix prefix) => prefix switch
    {
        XattrPrefix.User => "user.",
        XattrPrefix.Trusted => "trusted.",
        XattrPrefix.Security => "security.",
        _ => throw new ArgumentOutOfRangeException(nameof(prefix)),
    };

    /// <summary>Splits "user.foo" into its namespace and the rest; other namespaces cannot be stored.</summary>
    public static (XattrPrefix Prefix, string Name) Split(string fullName)
    {
        foreach (var prefix in Enum.GetValues<XattrPrefix>())
        {
            var text = Name(prefix);
            if (fullName.StartsWith(text, StringComparison.Ordinal) && fullName.Length > text.Length)
            {
                return (prefix, fullName[text.Length..]);
            }
        }

        throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.UnsupportedXattr, fullName));
    }
}
