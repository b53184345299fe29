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
        text.Append($"Description={options.Description ?? name}\n");
        if (app.IsAspNetCore)
        {
            text.Append("After=network.target\n");
        }

        text.Append("\n[Service]\n");
        text.Append($"Type={(app.UsesSystemdHosting ? "notify" : "exec")}\n");
        text.Append($"ExecStart={execStart}\n");
        text.Append($"WorkingDirectory={directory}\n");

        // The portable profiles but trusted run the service as a dynamic user, with no passwd entry and no home: the
        // state directory is its home, writable and kept.
        text.Append("DynamicUser=yes\n");
        text.Append($"StateDirectory={name}\n");
        text.Append($"Environment=HOME=/var/lib/{name}\n");
        text.Append("Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1\n");
        if (dotnetRoot is not null)
        {
            text.Append($"Environment=DOTNET_ROOT={dotnetRoot}\n");
        }

        if (app.IsAspNetCore)
        {
            text.Append($"Environment=ASPNETCORE_URLS={options.Urls}\n");
        }

        text.Append("Restart=on-failure\n");
        text.Append("\n[Install]\nWantedBy=multi-user.target\n");
        return UnitSource.Inline(name + ".service", text.ToString());
    }
}
