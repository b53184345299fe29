using PortableService.Diagnostics;

namespace PortableService.DotNet;

/// <summary>
/// Whether a JIT app can run under a portable profile: systemd's <c>default</c>, <c>nonetwork</c> and <c>strict</c>
/// profiles set <c>MemoryDenyWriteExecute=yes</c>, which kills a JIT; <c>trusted</c> does not.
/// </summary>
public static class JitProfileCheck
{
    private static readonly string[] s_denyingProfiles = ["default", "nonetwork", "strict"];

    /// <summary>A warning with the fix when <paramref name="app"/> would die under <paramref name="profile"/> (a name or a profile file); else null.</summary>
    public static Diagnostic? Check(DotNetApp app, string profile)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrEmpty(profile);
        return app.UsesJit && DeniesWriteExecute(profile) ? DotNetMessages.JitUnderMemoryDenyWriteExecute(app, profile) : null;
    }

    /// <summary>Whether the profile sets <c>MemoryDenyWriteExecute=yes</c>; a file is read, a name is one of systemd's.</summary>
    public static bool DeniesWriteExecute(string profile)
    {
        if (!profile.Contains('/'))
        {
            return s_denyingProfiles.Contains(profile, StringComparer.Ordinal);
        }

        return File.Exists(profile) && File.ReadLines(profile)
            .Select(l => l.Replace(" ", string.Empty, StringComparison.Ordinal))
            .Any(l => l is "MemoryDenyWriteExecute=yes" or "MemoryDenyWriteExecute=true" or "MemoryDenyWriteExecute=1");
    }
}
