namespace PortableService.DotNet;

/// <summary>The host's <c>rollForward</c> values: which installed framework versions may serve a requested one.</summary>
public enum RollForwardPolicy
{
    /// <summary>The same major and minor, the highest patch.</summary>
    LatestPatch,

    /// <summary>The same major.minor if installed, else the lowest higher minor; then its highest patch (the default).</summary>
    Minor,

    /// <summary>The highest minor of the same major.</summary>
    LatestMinor,

    /// <summary>Like <see cref="Minor"/>, then the lowest higher major.</summary>
    Major,

    /// <summary>The highest version installed that is not lower.</summary>
    LatestMajor,

    /// <summary>Exactly the version asked for.</summary>
    Disable,
}
