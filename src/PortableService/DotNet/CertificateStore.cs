namespace PortableService.DotNet;

/// <summary>
/// Where OpenSSL, and .NET through it, finds trusted root certificates and its configuration on Debian, Ubuntu and
/// Fedora: the store directory (its symlinks into <c>/usr/share/ca-certificates</c> are followed by the closure), the
/// bundle, and <c>openssl.cnf</c>. Only the paths that exist on the build host are returned.
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

    public static IEnumerable<string> HostPaths() => s_paths.Where(p => Path.Exists(p));
}
