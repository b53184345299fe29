namespace PortableService.TestSupport;

/// <summary>A fact that needs external tools: skipped locally when one is missing, run (and failing clearly) under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        Tools = tools;
        if (ExternalTool.SkipReason(tools) is { } reason)
        {
            Skip = reason;
        }
    }

    public string[] Tools { get; }
}
