namespace PortableService;

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
    /// The normalised absolute path the content takes in the image, or null when <see cref="Target"/> (or the
    /// source, when there is no target) is not a valid image path (see <see cref="ImagePath.Normalize"/>).
    /// </summary>
    public string? ImageTarget
    {
        get
        {
            string path = Target ?? (Source.Length == 0 ? Source : System.IO.Path.GetFullPath(Source));
            return ImagePath.Normalize(path, out string? normalized) == ImagePathProblem.None ? normalized : null;
        }
    }
}
