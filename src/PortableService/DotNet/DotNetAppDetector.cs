using Squashfs.Interop;

namespace PortableService.DotNet;

/// <summary>
/// Recognises a .NET app in a host file or folder: an apphost or <c>dotnet</c>-run app by its
/// <c>*.runtimeconfig.json</c> (self-contained when it ships <c>libcoreclr.so</c>), a Native AOT binary by the symbol
/// every one exports for debuggers.
/// </summary>
public static class DotNetAppDetector
{
    // Native AOT executables export this for debuggers; it sits in .dynstr, near the start of the file.
    private static readonly byte[] s_aotMarker = "DotNetRuntimeDebugHeader\0"u8.ToArray();
    private static readonly byte[] s_systemdHosting = "Microsoft.Extensions.Hosting.Systemd"u8.ToArray();
    private static readonly byte[] s_aspNetCore = "Microsoft.AspNetCore.Hosting"u8.ToArray();
    private const int AotMarkerWindow = 1 << 20;

    /// <summary>The app in <paramref name="hostPath"/> (a folder or an AOT binary), or null when it holds none.</summary>
    /// <param name="hostPath">A real path on the build host.</param>
    /// <param name="isExcluded">Whether a name relative to the folder is left out of the image.</param>
    public static DotNetApp? Detect(string hostPath, Func<string, bool>? isExcluded = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        isExcluded ??= _ => false;
        if (File.Exists(hostPath))
        {
            return IsRegularFile(hostPath) && IsNativeAot(hostPath) ? Aot(Path.GetDirectoryName(hostPath)!, Path.GetFileName(hostPath)) : null;
        }

        if (!Directory.Exists(hostPath))
        {
            return null;
        }

        // Regular files only: opening a FIFO blocks, and a device node is the host's hardware.
        var names = Directory.EnumerateFiles(hostPath).Where(IsRegularFile).Select(Path.GetFileName).OfType<string>().Where(n => !isExcluded(n)).Order(StringComparer.Ordinal).ToList();
        var config = names.FirstOrDefault(n => n.EndsWith(".runtimeconfig.json", StringComparison.Ordinal));
        if (config is null)
        {
            var aot = names.FirstOrDefault(n => IsNativeAot(Path.Join(hostPath, n)));
            return aot is null ? null : Aot(hostPath, aot);
        }

        var name = config[..^".runtimeconfig.json".Length];
        var runtimeConfig = RuntimeConfig.Parse(File.ReadAllBytes(Path.Join(hostPath, config)));
        var deps = names.Contains(name + ".deps.json") ? File.ReadAllBytes(Path.Join(hostPath, name + ".deps.json")) : [];
        var selfContained = runtimeConfig.SelfContained || names.Contains("libcoreclr.so");
        return new DotNetApp
        {
            Name = name,
            Kind = selfContained ? DotNetAppKind.SelfContained : DotNetAppKind.FrameworkDependent,
            HostDirectory = hostPath,
            Executable = names.Contains(name) ? name : null,
            EntryAssembly = names.Contains(name + ".dll") ? name + ".dll" : null,
            RuntimeConfig = runtimeConfig,
            UsesSystemdHosting = deps.AsSpan().IndexOf(s_systemdHosting) >= 0,
            IsAspNetCore = runtimeConfig.Frameworks.Any(f => f.Name == "Microsoft.AspNetCore.App") || deps.AsSpan().IndexOf(s_aspNetCore) >= 0,
        };
    }

    /// <summary>Whether the file is an ELF executable that Native AOT made.</summary>
    public static bool IsNativeAot(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            var head = new byte[(int)Math.Min(stream.Length, AotMarkerWindow)];
            stream.ReadExactly(head);
            return head.AsSpan().StartsWith("\u007fELF"u8) && head.AsSpan().IndexOf(s_aotMarker) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A regular file, or a symlink to one.</summary>
    private static bool IsRegularFile(string path) => UnixNative.TryStat(path, followSymlinks: true, out var status, out _) && status.IsRegular;

    private static DotNetApp Aot(string directory, string binary)
    {
        // The managed names a library leaves in the binary (type names for stack traces) tell what it was built with.
        var bytes = File.ReadAllBytes(Path.Join(directory, binary));
        return new DotNetApp
        {
            Name = binary,
            Kind = DotNetAppKind.NativeAot,
            HostDirectory = directory,
            Executable = binary,
            UsesSystemdHosting = bytes.AsSpan().IndexOf(s_systemdHosting) >= 0,
            IsAspNetCore = bytes.AsSpan().IndexOf(s_aspNetCore) >= 0,
        };
    }
}
