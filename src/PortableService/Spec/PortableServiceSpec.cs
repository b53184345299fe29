using PortableService.Systemd;

namespace PortableService.Spec;

/// <summary>
/// Everything a portable service image is built from, with the names and defaults of nixpkgs'
/// <c>pkgs.portableService</c>. Immutable: derive variants (command-line overrides) with <c>with { ... }</c>.
/// Read one from JSON with <see cref="SpecReader"/> and check it with <see cref="SpecValidator"/>.
/// </summary>
/// <remarks>
/// Host paths (unit files, symlink objects, content sources, <see cref="SquashfsTools"/>) may be relative; they are
/// then relative to the current directory. <see cref="ResolvePaths"/> makes them absolute against a chosen directory.
/// Equality compares the lists and the os-release fields element by element, in order.
/// </remarks>
public sealed record PortableServiceSpec
{
    /// <summary>nixpkgs' default for <c>squash-compression</c>.</summary>
    public const string DefaultSquashCompression = "xz -Xdict-size 100%";

    /// <summary>nixpkgs' default for <c>squash-block-size</c>.</summary>
    public const string DefaultSquashBlockSize = "1M";

    /// <summary>The default <see cref="Format"/>: the naked squashfs image.</summary>
    public const string DefaultFormat = "squashfs";

    /// <summary>The default <see cref="Type"/>: a portable service image.</summary>
    public const string DefaultType = "portable";

    public PortableServiceSpec(string pname, string version, IReadOnlyList<UnitSource> units)
    {
        Pname = pname;
        Version = version;
        Units = units;
    }

    /// <summary>The service's name: the image is <c>&lt;pname&gt;_&lt;version&gt;.raw</c> and units are named after it.</summary>
    public string Pname
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Pname));
    }

    public string Version
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Version));
    }

    public IReadOnlyList<UnitSource> Units
    {
        get;
        init => field = NoNulls(value, nameof(Units));
    }

    /// <summary><c>PORTABLE_PRETTY_NAME=</c> in os-release, when set.</summary>
    public string? Description { get; init; }

    /// <summary><c>HOME_URL=</c> in os-release, when set.</summary>
    public string? Homepage { get; init; }

    public IReadOnlyList<SymlinkSpec> Symlinks
    {
        get;
        init => field = NoNulls(value, nameof(Symlinks));
    } = [];

    public IReadOnlyList<ContentSpec> Contents
    {
        get;
        init => field = NoNulls(value, nameof(Contents));
    } = [];

    /// <summary>
    /// Where an external mksquashfs lives (a directory with <c>bin/mksquashfs</c>, or the program itself); null
    /// uses the built-in squashfs writer. See <see cref="MksquashfsLocator"/>.
    /// </summary>
    public string? SquashfsTools { get; init; }

    /// <summary>mksquashfs's <c>-comp</c> syntax: the compressor, then its <c>-X</c> options.</summary>
    public string SquashCompression
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(SquashCompression));
    } = DefaultSquashCompression;

    /// <summary>mksquashfs's <c>-b</c> syntax: bytes, or a number with a <c>K</c> or <c>M</c> suffix.</summary>
    public string SquashBlockSize
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(SquashBlockSize));
    } = DefaultSquashBlockSize;

    /// <summary>
    /// Extra os-release fields: a key the image already has is replaced in place, a new key is appended, in this
    /// dictionary's enumeration order. Keys match <c>[A-Z0-9_]+</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> OsRelease
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(OsRelease));
    } = new Dictionary<string, string>();

    /// <summary>
    /// Names (a library's <c>DT_NEEDED</c> name, or an absolute path) that may be missing from the closure with a
    /// warning: optional libraries a runtime can live without, such as <c>liblttng-ust.so.0</c>.
    /// </summary>
    public IReadOnlyList<string> AllowMissing
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(AllowMissing));
    } = [];

    /// <summary>
    /// The portable profile the service is meant to be attached with (a name such as <c>default</c> or
    /// <c>trusted</c>, or a <c>service.conf</c> path); null means <c>default</c>. The build checks the services against it.
    /// </summary>
    public string? Profile { get; init; }
    /// <summary>Whether to write a dm-verity hash tree and root hash beside the image (<c>NAME.verity</c>, <c>NAME.roothash</c>).</summary>
    public bool Verity { get; init; }

    /// <summary>A PEM private key that signs the root hash (<c>NAME.roothash.p7s</c>); needs <see cref="Certificate"/> and verity.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>The PEM certificate of <see cref="PrivateKey"/>, or a PKCS#12 file holding both (then without a private key).</summary>
    public string? Certificate { get; init; }

    /// <summary><c>squashfs</c> (the default, the naked image nixpkgs makes) or <c>ddi</c> (a GPT discoverable disk image with verity).</summary>
    public string Format
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Format));
    } = DefaultFormat;

    /// <summary>
    /// What kind of image: <c>portable</c> (the default: a root image, a service or a base for extensions),
    /// <c>extension</c> (a portable extension: <c>/usr</c> and <c>/opt</c> over a base image) or <c>confext</c>
    /// (a configuration extension: <c>/etc</c> only).
    /// </summary>
    public string Type
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Type));
    } = DefaultType;

    /// <summary>
    /// The base image an extension is meant for (a squashfs image): its os-release gives the extension's
    /// <c>ID</c>, <c>VERSION_ID</c> and extension level, and what it holds is not copied again. Null: <c>ID=_any</c>.
    /// </summary>
    public string? Base { get; init; }

    /// <summary>Write the image into <c>&lt;pname&gt;.v/</c>, where portabled (systemd 256 and later) picks the newest version.</summary>
    public bool Versioned { get; init; }

    /// <summary>Whose discoverable partition types a DDI uses (<c>x86-64</c>, <c>arm64</c>...); null for the building machine's.</summary>
    public string? Architecture { get; init; }

    /// <summary>The image's file name, <c>&lt;pname&gt;_&lt;version&gt;.raw</c>.</summary>
    public string ImageFileName => $"{Pname}_{Version}.raw";

    /// <summary>
    /// A copy in which every relative host path (unit files, symlink objects, content sources, squashfsTools) is
    /// made absolute against <paramref name="baseDirectory"/>. Absolute and empty paths, and those holding NUL (no
    /// path can, validation says so), are kept as they are; image paths (symlink locations, content targets) are not
    /// host paths and are kept too.
    /// </summary>
    public PortableServiceSpec ResolvePaths(string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        string Resolve(string path) => path.Length == 0 || path.Contains('\0') || System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(path, System.IO.Path.GetFullPath(baseDirectory));

        return this with
        {
            Units = [.. Units.Select(u => u is FileUnitSource file ? file with { Path = Resolve(file.Path) } : u)],
            Symlinks = [.. Symlinks.Select(s => s with { Object = Resolve(s.Object) })],
            Contents = [.. Contents.Select(c => c with { Source = Resolve(c.Source) })],
            SquashfsTools = SquashfsTools is null ? null : Resolve(SquashfsTools),
            PrivateKey = PrivateKey is null ? null : Resolve(PrivateKey),
            Certificate = Certificate is null ? null : Resolve(Certificate),
            Base = Base is null ? null : Resolve(Base),
        };
    }

    public bool Equals(PortableServiceSpec? other) =>
        other is not null
        && Pname == other.Pname
        && Version == other.Version
        && Description == other.Description
        && Homepage == other.Homepage
        && SquashfsTools == other.SquashfsTools
        && SquashCompression == other.SquashCompression
        && SquashBlockSize == other.SquashBlockSize
        && Verity == other.Verity
        && PrivateKey == other.PrivateKey
        && Certificate == other.Certificate
        && Format == other.Format
        && Architecture == other.Architecture
        && Type == other.Type
        && Base == other.Base
        && Versioned == other.Versioned
        && Units.SequenceEqual(other.Units)
        && Symlinks.SequenceEqual(other.Symlinks)
        && Contents.SequenceEqual(other.Contents)
        && AllowMissing.SequenceEqual(other.AllowMissing)
        && Profile == other.Profile
        && OsRelease.SequenceEqual(other.OsRelease);

    public override int GetHashCode() =>
        HashCode.Combine(Pname, Version, Description, Homepage, SquashfsTools, SquashCompression, SquashBlockSize, Units.Count);

    private static IReadOnlyList<T> NoNulls<T>(IReadOnlyList<T> list, string name)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(list, name);
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentException($"{name}[{i}] is null.", name);
            }
        }

        return list;
    }
}
