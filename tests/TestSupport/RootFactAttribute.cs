namespace PortableService.TestSupport;

/// <summary>
/// A fact that needs root (mknod, mount): skipped locally when not root, run (and failing clearly) under CI=true, as
/// the tool facts are.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        Skip = TestEnvironment.RootSkipReason;
    }
}
