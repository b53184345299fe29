using PortableService.Closure;

namespace PortableService.DotNet;

/// <summary>
/// Where OpenSSL, and .NET through it, finds trusted root certificates and its configuration on Debian, Ubuntu and
/// Fedora: the store directory (its symlinks into <c>/usr/share/ca-certificates</c> are followed, so that the
/// certificates come in with it), the bundle, and <c>openssl.cnf</c>. Only the paths that exist on the build host count.
/// </summary>
internal static class CertificateStore
{
    private static readonly string[] s_paths =
    [
        "/etc/ssl/certs",
        "/usr/lib/ssl/cert.pem",
        "/usr/lib/ssl/certs",
        "/usr/lib/ssl/openssl.cnf",
        "/etc/pki/tls/certs",
        "/etc/pki/tls/cert.pem",
        "/etc/pki/tls/openssl.cnf",
        "/etc/pki/ca-trust/extracted",
    ];

    /// <summary>The closure roots of the store, for <paramref name="reason"/> (the app or runtime that needs it).</summary>
    public static IEnumerable<ClosureRoot> Roots(string reason) =>
        s_paths.Where(p => Path.Exists(p)).Select(p => new ClosureRoot(p, $"{reason}: trusted root certificates") { FollowsLinksOut = true });
}
