namespace PortableService.Tests.DotNet;

/// <summary>
/// The few lines of self-test the test apps get, and nothing else written by hand: <c>SelfTest.cs</c> prints one line that
/// tries what the runtime loads with dlopen (ICU: <c>1234.5</c> in de-DE; OpenSSL: an RSA sign/verify and a TLS 1.3
/// handshake whose certificate chains to a test CA in the image's trust store; the trust store: roots in
/// <c>X509Store(Root)</c>), and for the web app an HTTP GET to itself.
/// </summary>
public static class DotNetSelfTest
{
    /// <summary>What the line says when everything works.</summary>
    public const string Passed = "selftest 1.234,5 rsa=True roots=True tls=Tls13";

    /// <summary>What the web app logs once its GET to itself was answered.</summary>
    public const string GetPassed = "selftest get Hello World!";

    /// <summary>The certificate (with its key) the TLS handshake's server side presents, beside the app.</summary>
    public const string CertificateFile = "selftest.pem";

    /// <summary>The host name the certificate is for.</summary>
    public const string HostName = "selftest.portable-service.test";

    /// <summary>The worker: the line first; with <c>--selftest</c> (under chroot) only the line.</summary>
    public const string WorkerLines = """
        Console.WriteLine(SelfTest.Line());
        if (args.Contains("--selftest"))
        {
            return;
        }

        """;

    /// <summary>The web app, before <c>app.Run();</c>: the line, then a GET to its own first address once it listens.</summary>
    public const string WebLines = """
        Console.WriteLine(SelfTest.Line());
        app.Lifetime.ApplicationStarted.Register(() => _ = SelfTest.GetAsync(app.Urls.First()));

        """;

    public const string Source = """
        using System.Globalization;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Security.Authentication;
        using System.Security.Cryptography;
        using System.Security.Cryptography.X509Certificates;

        static class SelfTest
        {
            public static string Line()
            {
                using var rsa = RSA.Create(2048);
                byte[] data = [1, 2, 3];
                var verified = rsa.VerifyData(data, rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
                store.Open(OpenFlags.ReadOnly);
                return $"selftest {1234.5.ToString("N1", new CultureInfo("de-DE"))} rsa={verified} roots={store.Certificates.Count > 0} tls={Tls()}";
            }

            // Over an abstract unix socket, which even the strict profile (AF_UNIX only, no network) allows; the client
            // checks the server's certificate against the trust store.
            private static string Tls()
            {
                try
                {
                    using var certificate = X509Certificate2.CreateFromPemFile(Path.Join(AppContext.BaseDirectory, "selftest.pem"));
                    var endpoint = new UnixDomainSocketEndPoint("\0selftest-" + Environment.ProcessId);
                    using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    listener.Bind(endpoint);
                    listener.Listen();
                    var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    client.Connect(endpoint);
                    using var server = new SslStream(new NetworkStream(listener.Accept(), ownsSocket: true));
                    using var tls = new SslStream(new NetworkStream(client, ownsSocket: true));
                    var accepted = server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = SslProtocols.Tls13 });
                    tls.AuthenticateAsClient(new SslClientAuthenticationOptions { TargetHost = "selftest.portable-service.test", EnabledSslProtocols = SslProtocols.Tls13 });
                    accepted.GetAwaiter().GetResult();
                    return tls.SslProtocol.ToString();
                }
                catch (Exception e)
                {
                    return "failed: " + e.Message.ReplaceLineEndings(" ");
                }
            }

            // An HTTP GET to the app's own address (TCP or unix socket).
            public static async Task GetAsync(string url)
            {
                try
                {
                    var handler = new System.Net.Http.SocketsHttpHandler();
                    if (url.StartsWith("http://unix:", StringComparison.Ordinal))
                    {
                        var path = url["http://unix:".Length..];
                        handler.ConnectCallback = async (_, token) =>
                        {
                            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), token);
                            return new NetworkStream(socket, ownsSocket: true);
                        };
                        url = "http://localhost/";
                    }

                    using var http = new System.Net.Http.HttpClient(handler);
                    Console.WriteLine("selftest get " + await http.GetStringAsync(url.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)));
                }
                catch (Exception e)
                {
                    Console.WriteLine("selftest get failed: " + e);
                }
            }
        }

        """;
}
