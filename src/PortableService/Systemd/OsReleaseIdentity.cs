namespace PortableService.Systemd;

/// <summary>
/// The operating-system fields of an image's os-release: <c>ID</c>, <c>PRETTY_NAME</c>, and <c>VERSION_ID</c> or
/// <c>BUILD_ID</c>. An image of Nix store paths says NixOS, as nixpkgs writes (<c>ID=nixos</c>,
/// <c>PRETTY_NAME=NixOS</c>, <c>BUILD_ID=rolling</c>); an image of host files says what the building host is.
/// </summary>
/// <param name="Id">Non-empty; portabled refuses an image without one.</param>
public sealed record OsReleaseIdentity(string Id, string? PrettyName = null, string? VersionId = null, string? BuildId = null)
{
    public string Id { get; init; } = Id ?? throw new ArgumentNullException(nameof(Id));

    /// <summary>What nixpkgs writes.</summary>
    public static OsReleaseIdentity NixOS { get; } = new("nixos", "NixOS", BuildId: "rolling");

    /// <summary>os-release(5)'s default for a system that says nothing: <c>ID=linux</c>, <c>PRETTY_NAME=Linux</c>.</summary>
    public static OsReleaseIdentity Linux { get; } = new("linux", "Linux");

    /// <summary>
    /// The identity of a host from its parsed os-release (<see cref="OsRelease.Parse"/>): its <c>ID</c>,
    /// <c>PRETTY_NAME</c> and <c>VERSION_ID</c>. A missing or invalid <c>ID</c> becomes <c>linux</c>; a missing file
    /// (null) gives <see cref="Linux"/>. Line breaks in values become spaces.
    /// </summary>
    public static OsReleaseIdentity FromHost(IReadOnlyDictionary<string, string>? hostOsRelease)
    {
        if (hostOsRelease is null)
        {
            return Linux;
        }

        string? Field(string key) => hostOsRelease.TryGetValue(key, out string? value) && value.Length > 0 ? OneLine(value) : null;
        string? id = Field("ID");
        return new OsReleaseIdentity(
            id is not null && OsRelease.IsValidId(id) ? id : Linux.Id,
            Field("PRETTY_NAME") ?? Linux.PrettyName,
            Field("VERSION_ID"));
    }

    /// <summary>
    /// Reads the host's os-release under <paramref name="root"/>: <c>/etc/os-release</c>, else
    /// <c>/usr/lib/os-release</c>, as os-release(5) says; <see cref="Linux"/> when there is neither.
    /// </summary>
    public static OsReleaseIdentity ReadHost(string root = "/")
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (string path in new[] { "etc/os-release", "usr/lib/os-release" })
        {
            if (OsRelease.ReadFile(Path.Combine(root, path)) is { } fields)
            {
                return FromHost(fields);
            }
        }

        return Linux;
    }

    /// <summary>NixOS when the image's contents come from a Nix store, else the host's identity.</summary>
    public static OsReleaseIdentity Choose(bool contentsFromNixStore, IReadOnlyDictionary<string, string>? hostOsRelease) =>
        contentsFromNixStore ? NixOS : FromHost(hostOsRelease);

    /// <summary>The fields in the order they are written: ID, PRETTY_NAME, VERSION_ID, BUILD_ID (those that are set).</summary>
    public IEnumerable<KeyValuePair<string, string>> Fields()
    {
        yield return new("ID", Id);
        if (PrettyName is not null)
        {
            yield return new("PRETTY_NAME", PrettyName);
        }

        if (VersionId is not null)
        {
            yield return new("VERSION_ID", VersionId);
        }

        if (BuildId is not null)
        {
            yield return new("BUILD_ID", BuildId);
        }
    }

    private static string OneLine(string value) => value.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Replace('\0', ' ');
}
