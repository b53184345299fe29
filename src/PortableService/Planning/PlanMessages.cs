using PortableService.Closure;
using PortableService.Diagnostics;

namespace PortableService.Planning;

/// <summary>The planner's diagnostics: two sources for one image path (PS2016).</summary>
internal static class PlanMessages
{
    public const string ClosureClashesWithPlanCode = "PS2016";

    public static Diagnostic ClosureClashesWithPlan(ClosureItem item, PlannedEntry entry) =>
        new(ClosureClashesWithPlanCode, DiagnosticSeverity.Error,
            $"{item.HostPath} is copied whole from the build host ({item.Reason}), but {entry.ImagePath} inside it is also planned ({entry.Reason}): " +
            "the image cannot hold both. Place the content elsewhere, or include the directory as a content and leave the other out.", entry.ImagePath);
}
