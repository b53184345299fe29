namespace PortableService.TestSupport;

/// <summary>A theory that needs root (mknod, mount): skipped locally when not root, run (and failing clearly) under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        Skip = TestEnvironment.RootSkipReason;
    }
}
