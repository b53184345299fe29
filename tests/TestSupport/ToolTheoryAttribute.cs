namespace PortableService.TestSupport;

/// <summary>A theory that needs external tools: skipped locally when one is missing, run (and failing clearly) under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] tools)
    {
        Tools = tools;
        if (ExternalTool.SkipReason(tools) is { } reason)
        {
            Skip = reason;
        }
    }

    public string[] Tools { get; }
}
