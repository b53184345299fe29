namespace PortableService.Building;

/// <summary>Where a build is: its stage, and while writing, files and bytes done.</summary>
public readonly record struct BuildProgress(BuildStage Stage, long FilesDone, long FilesTotal, long BytesRead);

public enum BuildStage
{
    Validating,
    ResolvingClosure,
    LayingOut,
    Writing,
    Done,
}
