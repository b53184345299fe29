using System.Text.RegularExpressions;

namespace PortableService.Spec;

/// <summary>
/// A systemd unit file for the image: either a file on disk (<see cref="FromFile"/>) or inline text
/// (<see cref="Inline"/>, what nixpkgs' <c>writeText "hello.service" ''...''</c> makes). Units are copied as regular
/// files to <c>/etc/systemd/system/</c>.
/// </summary>
public abstract partial record UnitSource
{
    private protected UnitSource()
    {
    }

    /// <summary>The unit's file name in the image, e.g. <c>hello.service</c>.</summary>
    public abstract string Name { get; }

    /// <summary>A unit read from <paramref name="path"/>; a symlink to a regular file is fine (it is copied as a regular file).</summary>
    public static FileUnitSource FromFile(string path) => new(path);

    /// <summary>A unit named <paramref name="name"/> with the content <paramref name="text"/>.</summary>
    public static InlineUnitSource Inline(string name, string text) => new(name, text);

    /// <summary>
    /// The unit name a file path stands for: the file name, except that for a Nix store path
    /// (<c>/nix/store/&lt;32-character hash&gt;-NAME</c>) it is NAME, since nixpkgs names the unit after its
    /// derivation (<c>writeText "hello.service"</c> gives <c>/nix/store/...-hello.service</c>). The hash prefix is
    /// recognised on the file name alone, so stores in other places than <c>/nix/store</c> work too.
    /// </summary>
    public static string NameFromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fileName = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(path));
        Match match = StorePathName().Match(fileName);
        return match.Success ? match.Groups[1].Value : fileName;
    }

    /// <summary>A store path's base name: 32 characters of Nix's base-32 alphabet, a dash, then the name.</summary>
    [GeneratedRegex("^[0-9abcdfghijklmnpqrsvwxyz]{32}-(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex StorePathName();
}
