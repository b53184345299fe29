namespace PortableService.Spec;

/// <summary>A symlink in the image at <paramref name="Symlink"/> pointing to <paramref name="Object"/>.</summary>
/// <param name="Object">
/// The host path the link points to (nixpkgs: a store path such as <c>${cacert}/etc/ssl</c>); it and its closure go
/// into the image.
/// </param>
/// <param name="Symlink">Where the link is, relative to the image root (a leading <c>/</c> is allowed); parents are created.</param>
public sealed record SymlinkSpec(string Object, string Symlink)
{
    public string Object { get; init; } = Object ?? throw new ArgumentNullException(nameof(Object));

    public string Symlink { get; init; } = Symlink ?? throw new ArgumentNullException(nameof(Symlink));
}
