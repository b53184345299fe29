using PortableService.Diagnostics;

namespace PortableService.DotNet;

/// <summary>The diagnostics of .NET apps in an image (PS21xx).</summary>
public static class DotNetMessages
{
    public const string FrameworkNotFoundCode = "PS2101";
    public const string TraceProviderLeftOutCode = "PS2102";
    public const string IcuNotFoundCode = "PS2103";
    public const string OpenSslNotFoundCode = "PS2104";
    public const string NoAppFoundCode = "PS2106";
    public const string SocketNotListenStreamCode = "PS2107";
    public const string SocketWithOwnUnitsCode = "PS2108";
    public const string SdkLeftOutCode = "PS2109";

    // Across layers, beside PS2201 (what the base lacks and an extension cannot carry).
    public const string FrameworkNotInBaseCode = "PS2203";

    /// <summary>A unit is to be generated for a folder that holds no .NET app.</summary>
    public static Diagnostic NoAppFound(string directory) =>
        new(NoAppFoundCode, DiagnosticSeverity.Error,
            $"No .NET app (an apphost with its runtimeconfig.json, or a Native AOT binary) was found in {directory} to write a unit for: add a unit (PortableServiceUnit item).",
            directory);

    /// <summary>The socket to generate a <c>.socket</c> unit for is not something <c>ListenStream=</c> takes.</summary>
    /// <param name="option">The option or property that gave it (<c>PortableServiceSocket</c>).</param>
    /// <param name="value">What it said.</param>
    public static Diagnostic SocketNotListenStream(string option, string value) =>
        new(SocketNotListenStreamCode, DiagnosticSeverity.Error,
            $"{option} '{value}' is not a port (8080), an address with a port (127.0.0.1:8080, [::1]:8080) or an absolute socket path (/run/NAME.sock): the generated .socket unit listens on it (ListenStream=).",
            option);

    /// <summary>A socket is asked for, but units are given, so none is generated.</summary>
    /// <param name="option">The option or property that asked for it (<c>PortableServiceSocket</c>).</param>
    public static Diagnostic SocketWithOwnUnits(string option) =>
        new(SocketWithOwnUnitsCode, DiagnosticSeverity.Error,
            $"{option} asks for a generated .socket unit, but units are given (PortableServiceUnit items), so no unit is generated: add the .socket unit to them, or leave {option} out.",
            option);

    internal static Diagnostic FrameworkNotFound(DotNetApp app, FrameworkReference framework, DotNetInstall? install, IReadOnlyList<FrameworkVersion> installed) =>
        new(FrameworkNotFoundCode, DiagnosticSeverity.Error,
            install is null
                ? $"{app.Name} is framework-dependent and needs {framework.Name} {framework.Version}, but the build host has no .NET install to take it from: install the .NET runtime, or publish the app self-contained (-p:SelfContained=true) or with Native AOT (-p:PublishAot=true)."
                : $"{app.Name} is framework-dependent and needs {framework.Name} {framework.Version} (rollForward {framework.RollForward}), which {install.Root} does not provide (it has {(installed.Count == 0 ? "none" : string.Join(", ", installed))}): install that runtime, or publish the app self-contained (-p:SelfContained=true) or with Native AOT (-p:PublishAot=true).",
            app.HostDirectory);

    internal static Diagnostic TraceProviderLeftOut(string path) =>
        new(TraceProviderLeftOutCode, DiagnosticSeverity.Warning,
            $"{path} is left out: the runtime's LTTng trace provider needs liblttng-ust, and the runtime runs without it (only LTTng tracing is lost). Add liblttng-ust and the file as contents to trace with LTTng.",
            path);

    internal static Diagnostic IcuNotFound(string user, string location) =>
        new(IcuNotFoundCode, DiagnosticSeverity.Error,
            $"{user} loads ICU (libicuuc.so.NN, libicui18n.so.NN) at run time, and the build host has none: install ICU (Debian: libicu72, Fedora: libicu), or build the app with -p:InvariantGlobalization=true.",
            location);

    internal static Diagnostic OpenSslNotFound(string user, string location) =>
        new(OpenSslNotFoundCode, DiagnosticSeverity.Warning,
            $"{user} loads OpenSSL (libssl.so.3) for cryptography and TLS, and the build host has none, so the image has none: install OpenSSL 3 (Debian: libssl3) if the app uses TLS, hashing or certificates.",
            location);

    internal static Diagnostic SdkLeftOut(string imagePath, IReadOnlyList<string> parts) =>
        new(SdkLeftOutCode, DiagnosticSeverity.Warning,
            $"{imagePath} is a .NET install: it goes in as a runtime (dotnet, host/, shared/), leaving out what builds apps and never runs them ({string.Join(", ", parts)}). Add one as a content of its own to keep it.",
            imagePath);

    internal static Diagnostic FrameworkNotInBase(DotNetApp app, FrameworkReference framework, string baseImage, DotNetInstall? install, IReadOnlyList<FrameworkVersion> installed) =>
        new(FrameworkNotInBaseCode, DiagnosticSeverity.Error,
            install is null
                ? $"{app.Name} is framework-dependent and needs {framework.Name} {framework.Version}, but the base image {baseImage} holds no .NET runtime (none named by {DotNetInstall.InstallLocationFile}, none in /usr/share/dotnet, /usr/lib/dotnet or /usr/lib64/dotnet), and an extension carries only the app: build the base with the .NET install as a content (--content /usr/share/dotnet), or publish the app self-contained or with Native AOT."
                : $"{app.Name} is framework-dependent and needs {framework.Name} {framework.Version} (rollForward {framework.RollForward}), which the runtime {install.Root} of the base image {baseImage} does not provide (it has {(installed.Count == 0 ? "none" : string.Join(", ", installed))}), and an extension carries only the app: rebuild the base with that runtime, or target the base's version.",
            app.HostDirectory);

    internal static Diagnostic HostNotInBase(DotNetApp app, string baseImage, DotNetInstall install) =>
        new(FrameworkNotInBaseCode, DiagnosticSeverity.Error,
            $"{app.Name} is framework-dependent, and the runtime {install.Root} of the base image {baseImage} lacks {(install.HasMuxer ? "host/fxr/VERSION/libhostfxr.so" : "the dotnet host")}, which starts it: rebuild the base with the whole .NET install as a content.",
            app.HostDirectory);
}
