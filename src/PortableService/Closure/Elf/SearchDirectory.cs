namespace PortableService.Closure.Elf;

/// <summary>A directory the loader searches, and where it came from ("DT_RUNPATH of /opt/app/bin/app").</summary>
internal sealed record SearchDirectory(string Path, string Source);
