namespace PortableService.Spec;

/// <summary>
/// Something to include in the image as it is, with its closure: a Nix store path or a host file or directory.
/// </summary>
/// <param name="Source">The file or directory on the host.</param>
/// <param name="Target">
/// Where it goes in the image (absolute, or relative to the image root); null puts it at the same path as
/// <paramref name="Source"/>, which is what nixpkgs does for store paths.
/// </param>
public sealed record ContentSpec(string Source, string? Target = null)
{
    public string Source { get; init; } = Source ?? throw new ArgumentNullException(nameof(Source));

    /// <summary>
    /// Globs of what to leave out of a directory: a pattern without <c>/</c> matches file names at any depth
    /// (<c>*.pdb</c>), one with <c>/</c> matches paths relative to the source (<c>runtimes/*/native</c>).
    /// </summary>
    public IReadOnlyList<string> Exclude
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Exclude));
    } = [];

    /// <summary>
    /// Keep device nodes found in the content (<c>"allowDevices": true</c>); without it they are refused, since in the
    /// image they would give the service the host's hardware.
    /// </summary>
    public bool AllowDevices { get; init; }

    /// <summary>
    /// Keep set-user-ID and set-group-ID bits of the content's files (<c>"allowSetId": true</c>); without it such files
    /// are refused, since every file in the image belongs to root and they would run as root.
    /// </summary>
    public bool AllowSetId { get; init; }

    public bool Equals(ContentSpec? other) =>
        other is not null && Source == other.Source && Target == other.Target && Exclude.SequenceEqual(other.Exclude)
        && AllowDevices == other.AllowDevices && AllowSetId == other.AllowSetId;

    public override int GetHashCode() => HashCode.Combine(Source, Target, Exclude.Count);

    /// <summary>
    /// The normalised absolute path the content takes in the image, or null when <see cref="Target"/> (or the
    /// source, when there is no target) is not a valid image path (see <see cref="ImagePath.Normalize"/>).
    /// </summary>
    public string? ImageTarget
    {
        get
        {
            string path = Target ?? (Source.Length == 0 || Source.Contains('\0') ? Source : System.IO.Path.GetFullPath(Source));
            return ImagePath.Normalize(path, out string? normalized) == ImagePathProblem.None ? normalized : null;
        }
    }
}
