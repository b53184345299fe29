using System.Runtime.InteropServices;

namespace PortableService.DotNet;

/// <summary>
/// Finds, on the build host, the libraries the .NET runtime opens by name with <c>dlopen</c>: in the directories the
/// loader searches by default, the architecture's own first.
/// </summary>
internal sealed class HostLibraries(IReadOnlyList<string> extraDirectories)
{
    private const string IcuPrefix = "libicuuc.so.";

    private readonly string[] _directories = [.. extraDirectories, .. DefaultDirectories()];

    /// <summary>The first <paramref name="fileName"/> found, or null.</summary>
    public string? Find(string fileName) =>
        _directories.Select(d => Path.Join(d, fileName)).FirstOrDefault(File.Exists);

    /// <summary>
    /// The highest ICU major version that has both <c>libicuuc.so.NN</c> and <c>libicui18n.so.NN</c>, as the runtime
    /// probes them (highest first), with both paths; null when there is none.
    /// </summary>
    public (string Common, string I18n)? FindIcu()
    {
        var versions = _directories.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFileSystemEntries(d, IcuPrefix + "*"))
            .Select(Path.GetFileName)
            .Select(n => n!.Length > IcuPrefix.Length && int.TryParse(n[IcuPrefix.Length..], out var v) ? v : -1)
            .Where(v => v > 0)
            .Distinct()
            .OrderDescending();
        foreach (var version in versions)
        {
            if (Find($"libicuuc.so.{version}") is { } common && Find($"libicui18n.so.{version}") is { } i18n)
            {
                return (common, i18n);
            }
        }

        return null;
    }

    private static string[] DefaultDirectories()
    {
        var triplet = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            Architecture.Arm => "arm-linux-gnueabihf",
            Architecture.S390x => "s390x-linux-gnu",
            Architecture.Ppc64le => "powerpc64le-linux-gnu",
            _ => "unknown",
        };

        // /usr first: on merged-/usr hosts /lib is a symlink, and the real path is what goes into the image.
        return [$"/usr/lib/{triplet}", $"/lib/{triplet}", "/usr/lib64", "/lib64", "/usr/lib", "/lib"];
    }
}
