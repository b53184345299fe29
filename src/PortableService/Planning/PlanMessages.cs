using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.Spec;

namespace PortableService.Planning;

/// <summary>The planner's diagnostics: two sources for one image path (PS2016), a base without a directory the extension needs (PS2205).</summary>
internal static class PlanMessages
{
    public const string ClosureClashesWithPlanCode = "PS2016";
    public const string BaseLacksMountPointCode = "PS2205";

    /// <summary>
    /// A service folder's mount point the base lacks: an error under /var, which no layer carries; a warning under /etc,
    /// which a confext attached with the extension may bring.
    /// </summary>
    public static Diagnostic BaseLacksMountPoint(string unit, string setting, string mountPoint, string baseImage, string hierarchies)
    {
        var underVar = ImagePath.IsUnder(mountPoint, "/var");
        var tmpfs = underVar ? $", or give the unit TemporaryFileSystem={string.Join('/', mountPoint.Split('/').Take(3))}" : ", or attach a confext that holds it";
        return new(BaseLacksMountPointCode, underVar ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            $"{unit}: {setting}= needs the directory {mountPoint} in the base image {baseImage}: systemd mounts the service's folder there and cannot create it on the read-only base, and the extension cannot carry it (only its {hierarchies} are laid over the base), so the service would fail with status 226/NAMESPACE. " +
            $"Add it to the base (a content: an empty directory with the target {mountPoint}){tmpfs}.", mountPoint);
    }

    public static Diagnostic ClosureClashesWithPlan(ClosureItem item, PlannedEntry entry) =>
        new(ClosureClashesWithPlanCode, DiagnosticSeverity.Error,
            $"{item.HostPath} is copied whole from the build host ({item.Reason}), but {entry.ImagePath} inside it is also planned ({entry.Reason}): " +
            "the image cannot hold both. Place the content elsewhere, or include the directory as a content and leave the other out.", entry.ImagePath);
}
