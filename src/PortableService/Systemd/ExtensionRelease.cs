using PortableService.Spec;

namespace PortableService.Systemd;

/// <summary>
/// What portabled asks of an extension image (systemd 252 <c>extension-release.c</c>, <c>portable.c</c>; 257
/// <c>os-util.c</c>): where its release file is, which fields it reads, and when it accepts the extension over a
/// base image. Checked against real 252 and 257 in tests/PortableService.Tests/Systemd.
/// </summary>
public static class ExtensionRelease
{
    /// <summary>
    /// The xattr that lets portabled take the one <c>extension-release.*</c> file whatever its name. 252 looks for
    /// <c>extension-release.&lt;file name without .raw&gt;</c> (<c>app_1.0</c>), 254 and later for the name cut at the
    /// first <c>_</c> (<c>app</c>); with this xattr set to false, both take our <c>extension-release.&lt;pname&gt;</c>
    /// without <c>--force</c>.
    /// </summary>
    public const string StrictXattr = "user.extension-release.strict";

    /// <summary>The <c>ID</c> of an extension that fits any base (static programs, scripts, data).</summary>
    public const string AnyId = "_any";

    /// <summary>The scope portabled asks for; absent means <c>system portable</c>.</summary>
    public const string PortableScope = "portable";

    /// <summary>Where the release file of an extension of <paramref name="type"/> lives.</summary>
    public static string Directory(ImageType type) => type == ImageType.Confext ? "/etc/extension-release.d" : "/usr/lib/extension-release.d";

    /// <summary>The release file of the extension <paramref name="name"/>.</summary>
    public static string FilePath(ImageType type, string name) => $"{Directory(type)}/extension-release.{name}";

    /// <summary>
    /// The release field <paramref name="name"/> of an extension of <paramref name="type"/>: <c>SYSEXT_NAME</c> or
    /// <c>CONFEXT_NAME</c>, as portabled reads them (<c>SYSEXT_IMAGE_ID</c> names the extension in its log fields).
    /// </summary>
    public static string Key(ImageType type, string name) => (type == ImageType.Confext ? "CONFEXT_" : "SYSEXT_") + name;

    /// <summary><c>SYSEXT_SCOPE</c> or <c>CONFEXT_SCOPE</c>.</summary>
    public static string ScopeKey(ImageType type) => Key(type, "SCOPE");

    /// <summary><c>SYSEXT_LEVEL</c> or <c>CONFEXT_LEVEL</c>: compared with the base's instead of <c>VERSION_ID</c> when both have it.</summary>
    public static string LevelKey(ImageType type) => Key(type, "LEVEL");

    /// <summary>The directories an extension lays over the base: all it may hold (a portable image holds everything).</summary>
    public static IReadOnlyList<string> Hierarchies(ImageType type) => type switch
    {
        ImageType.Extension => ["/usr", "/opt"],
        ImageType.Confext => ["/etc"],
        _ => ["/"],
    };

    /// <summary>True when <paramref name="path"/> lies in one of the hierarchies an image of <paramref name="type"/> carries.</summary>
    public static bool Carries(ImageType type, string path) =>
        Hierarchies(type).Any(h => h == "/" || path == h || path.StartsWith(h + "/", StringComparison.Ordinal));

    /// <summary>Why the extension is not for portable services (its scope leaves out <c>portable</c>), or null.</summary>
    public static string? ScopeMismatch(ImageType type, IReadOnlyDictionary<string, string> extension)
    {
        var scopeKey = ScopeKey(type);
        var scope = Get(extension, scopeKey)?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries) ?? ["system", PortableScope];
        return scope.Contains(PortableScope) ? null : $"{scopeKey}={string.Join(' ', scope)} does not include '{PortableScope}'";
    }

    /// <summary>
    /// Why portabled would refuse the extension over the base, or null when it takes it: the scope must include
    /// <c>portable</c>; <c>ARCHITECTURE</c> absent, <c>_any</c> or the host's; <c>ID</c> <c>_any</c> or the base's;
    /// then the level when both have one, else <c>VERSION_ID</c> when the base has one.
    /// </summary>
    public static string? Mismatch(ImageType type, IReadOnlyDictionary<string, string> extension, IReadOnlyDictionary<string, string> baseOsRelease, string hostArchitecture)
    {
        if (ScopeMismatch(type, extension) is { } scopeProblem)
        {
            return scopeProblem;
        }

        if (Get(extension, "ARCHITECTURE") is { } architecture && architecture != AnyId && architecture != hostArchitecture)
        {
            return $"ARCHITECTURE={architecture} is not this machine's ({hostArchitecture}) nor {AnyId}";
        }

        if (Get(extension, "ID") is not { } id)
        {
            return $"it has no ID (give the base's or {AnyId})";
        }

        if (id == AnyId)
        {
            return null;
        }

        var baseId = Get(baseOsRelease, "ID");
        if (id != baseId)
        {
            return $"ID={id} is not the base's ID={baseId}";
        }

        var (baseVersion, baseLevel) = (Get(baseOsRelease, "VERSION_ID"), Get(baseOsRelease, LevelKey(type)));
        if (baseVersion is null && baseLevel is null)
        {
            return null;
        }

        var levelKey = LevelKey(type);
        if (baseLevel is not null && Get(extension, levelKey) is { } level)
        {
            return level == baseLevel ? null : $"{levelKey}={level} is not the base's {levelKey}={baseLevel}";
        }

        if (baseVersion is null)
        {
            return null;
        }

        return Get(extension, "VERSION_ID") is { } version
            ? version == baseVersion ? null : $"VERSION_ID={version} is not the base's VERSION_ID={baseVersion}"
            : $"it has no VERSION_ID, and the base has VERSION_ID={baseVersion}";
    }

    private static string? Get(IReadOnlyDictionary<string, string> fields, string key) => fields.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
