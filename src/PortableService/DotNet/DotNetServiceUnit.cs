using System.Globalization;
using System.Net;
using System.Text;
using PortableService.Spec;

namespace PortableService.DotNet;

/// <summary>
/// The <c>&lt;name&gt;.service</c> a .NET app gets when none is given: started from where it lies in the image, with a
/// working directory (else the host watches <c>/</c> for configuration changes), a home for the runtime (TLS looks up
/// the home directory), <c>Type=notify</c> when the app tells systemd it is ready, and a listening address for ASP.NET
/// Core.
/// </summary>
public static class DotNetServiceUnit
{
    /// <summary>The unit for <paramref name="app"/> placed at <paramref name="imageDirectory"/>, named <c>&lt;name&gt;.service</c>.</summary>
    /// <param name="name">The service's name (the image's pname).</param>
    /// <param name="app">The app, as <see cref="DotNetAppDetector"/> found it.</param>
    /// <param name="imageDirectory">Where the app's folder lies in the image, e.g. <c>/opt/hello</c>.</param>
    /// <param name="options">What else the unit says.</param>
    public static InlineUnitSource Create(string name, DotNetApp app, string imageDirectory, DotNetServiceUnitOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrEmpty(imageDirectory);
        options ??= new DotNetServiceUnitOptions();
        var directory = imageDirectory.TrimEnd('/');
        var dotnetRoot = options.DotNetRoot ?? (app.Kind == DotNetAppKind.FrameworkDependent ? DotNetInstall.Locate()?.Root : null);
        var execStart = app.Executable is { } executable
            ? $"{directory}/{executable}"
            : $"{dotnetRoot ?? "/usr/share/dotnet"}/dotnet {directory}/{app.EntryAssembly ?? app.Name + ".dll"}";

        var text = new StringBuilder();
        text.Append("[Unit]\n");
        text.Append(CultureInfo.InvariantCulture, $"Description={options.Description ?? name}\n");
        if (options.Socket is not null)
        {
            // Started by its socket; started directly, it still needs the socket's file descriptor.
            text.Append(CultureInfo.InvariantCulture, $"Requires={name}.socket\nAfter={name}.socket\n");
        }
        else if (app.IsAspNetCore)
        {
            text.Append("After=network.target\n");
        }

        text.Append("\n[Service]\n");
        text.Append(CultureInfo.InvariantCulture, $"Type={(app.UsesSystemdHosting ? "notify" : "exec")}\n");
        text.Append(CultureInfo.InvariantCulture, $"ExecStart={execStart}\n");
        text.Append(CultureInfo.InvariantCulture, $"WorkingDirectory={directory}\n");

        // The portable profiles but trusted run the service as a dynamic user, with no passwd entry and no home: the
        // state directory is its home, writable and kept.
        text.Append("DynamicUser=yes\n");
        text.Append(CultureInfo.InvariantCulture, $"StateDirectory={name}\n");
        text.Append(CultureInfo.InvariantCulture, $"Environment=HOME=/var/lib/{name}\n");
        foreach (var runtimeDirectory in UnixSocketDirectories(app, options))
        {
            // A dynamic user may write nowhere in /run but in its runtime directory: Kestrel makes its socket there.
            text.Append(CultureInfo.InvariantCulture, $"RuntimeDirectory={runtimeDirectory}\n");
        }

        text.Append("Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1\n");
        if (dotnetRoot is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Environment=DOTNET_ROOT={dotnetRoot}\n");
        }

        if (app.IsAspNetCore && options.Socket is null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Environment=ASPNETCORE_URLS={options.Urls}\n");
        }

        text.Append("Restart=on-failure\n");
        if (options.Socket is null)
        {
            // Socket-activated, it is started by its socket (which is what gets enabled), not at boot.
            text.Append("\n[Install]\nWantedBy=multi-user.target\n");
        }
        return UnitSource.Inline(name + ".service", text.ToString());
    }

    /// <summary>
    /// The <c>&lt;name&gt;.socket</c> that starts <c>&lt;name&gt;.service</c> on the first connection and passes it the
    /// listening socket (<c>Accept=no</c>): an ASP.NET Core app takes it with Kestrel's <c>UseSystemd()</c>.
    /// </summary>
    /// <param name="name">The service's name (the image's pname).</param>
    /// <param name="listenStream">What it listens on, as <c>ListenStream=</c> takes it (<see cref="IsListenStream"/>).</param>
    /// <param name="description">The unit's <c>Description=</c>; null uses the service's name.</param>
    public static InlineUnitSource CreateSocket(string name, string listenStream, string? description = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!IsListenStream(listenStream))
        {
            throw new ArgumentException($"'{listenStream}' is not a port, an address with a port, or an absolute socket path.", nameof(listenStream));
        }

        return UnitSource.Inline(name + ".socket", $"[Unit]\nDescription={description ?? name} socket\n\n[Socket]\nListenStream={listenStream}\n\n[Install]\nWantedBy=sockets.target\n");
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a <c>ListenStream=</c> this generator writes: a port (1-65535), an IPv4 address or
    /// a bracketed IPv6 address with a port, or an absolute socket path.
    /// </summary>
    public static bool IsListenStream(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        if (value[0] == '/')
        {
            return true;
        }

        var colon = value.LastIndexOf(':');
        var port = colon < 0 ? value : value[(colon + 1)..];
        var address = colon < 0 ? null : value[..colon];
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number is > 0 and <= 65535
            && (address is null || (address.StartsWith('[') && address.EndsWith(']') ? IPAddress.TryParse(address[1..^1], out _) : IPAddress.TryParse(address, out _)));
    }

    /// <summary>The folders directly under <c>/run</c> that the app's unix socket URLs (<c>http://unix:/run/NAME/…</c>) are in.</summary>
    private static IEnumerable<string> UnixSocketDirectories(DotNetApp app, DotNetServiceUnitOptions options)
    {
        if (!app.IsAspNetCore || options.Socket is not null)
        {
            return [];
        }

        return options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => url.IndexOf("unix:/run/", StringComparison.Ordinal) is var at and >= 0 ? url[(at + "unix:/run/".Length)..] : "")
            .Where(rest => rest.IndexOf('/', StringComparison.Ordinal) > 0)
            .Select(rest => rest[..rest.IndexOf('/', StringComparison.Ordinal)])
            .Distinct(StringComparer.Ordinal);
    }
}
