namespace PortableService.Tests.TestSupport;

/// <summary>A theory that needs root (mknod, mount): skipped locally when not root, run (and failing clearly) under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        Skip = SkipReason;
    }

    /// <summary>Why a test that needs root is skipped, or null when it runs (always under CI).</summary>
    internal static string? SkipReason =>
        Robustness.BuildWorkspace.IsRoot || TestEnvironment.IsCi ? null : "needs root (mknod, mount); under CI=true this fails instead";
}
