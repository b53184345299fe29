namespace PortableService.DotNet;

/// <summary>Chooses the installed framework version that serves a requested one, as the .NET host's roll-forward does.</summary>
public static class FrameworkResolver
{
    /// <summary>The version the host would pick among <paramref name="installed"/>, or null when none fits.</summary>
    public static FrameworkVersion? Resolve(FrameworkVersion requested, RollForwardPolicy policy, IEnumerable<FrameworkVersion> installed)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(installed);

        // Prereleases serve only a prerelease request, as the host does without DOTNET_ROLL_FORWARD_TO_PRERELEASE.
        var candidates = installed.Where(v => v.CompareTo(requested) >= 0 && (requested.IsPrerelease || !v.IsPrerelease)).Order().ToList();
        if (policy == RollForwardPolicy.Disable)
        {
            return candidates.FirstOrDefault(v => v.CompareTo(requested) == 0);
        }

        var sameMinor = candidates.Where(v => v.Major == requested.Major && v.Minor == requested.Minor).ToList();
        var sameMajor = candidates.Where(v => v.Major == requested.Major).ToList();
        return policy switch
        {
            RollForwardPolicy.LatestPatch => sameMinor.LastOrDefault(),
            RollForwardPolicy.LatestMinor => sameMajor.LastOrDefault(),
            RollForwardPolicy.LatestMajor => candidates.LastOrDefault(),
            RollForwardPolicy.Minor => LatestPatchOf(sameMinor.Count > 0 ? sameMinor : sameMajor, candidates),
            _ => LatestPatchOf(sameMinor.Count > 0 ? sameMinor : sameMajor.Count > 0 ? sameMajor : candidates, candidates),
        };
    }

    /// <summary>The lowest major.minor among <paramref name="band"/>, at its highest patch.</summary>
    private static FrameworkVersion? LatestPatchOf(List<FrameworkVersion> band, List<FrameworkVersion> candidates)
    {
        if (band.Count == 0)
        {
            return null;
        }

        var lowest = band[0];
        return candidates.Last(v => v.Major == lowest.Major && v.Minor == lowest.Minor);
    }
}
