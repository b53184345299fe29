namespace PortableService.Spec;

/// <summary>A unit file on disk. Its <see cref="Name"/> follows <see cref="UnitSource.NameFromPath"/>.</summary>
public sealed record FileUnitSource : UnitSource
{
    public FileUnitSource(string path)
    {
        Path = path;
    }

    /// <summary>Where the unit file is; relative paths are relative to the current directory.</summary>
    public string Path
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Path));
    }

    public override string Name => NameFromPath(Path);
}
