namespace PortableService.Building;

/// <summary>Finds the mksquashfs program that a spec's <see cref="PortableServiceSpec.SquashfsTools"/> stands for.</summary>
public static class MksquashfsLocator
{
    public const string ProgramName = "mksquashfs";

    /// <summary>
    /// The mksquashfs program for <paramref name="squashfsTools"/>: a directory holding <c>bin/mksquashfs</c> (a
    /// package, as nixpkgs' <c>squashfsTools</c>) or <c>mksquashfs</c> itself (a <c>bin</c> directory), or a file
    /// named <c>mksquashfs</c>. Returns null when there is no such executable file.
    /// </summary>
    public static string? Locate(string squashfsTools)
    {
        ArgumentNullException.ThrowIfNull(squashfsTools);
        if (squashfsTools.Length == 0)
        {
            return null;
        }

        if (Directory.Exists(squashfsTools))
        {
            foreach (string candidate in new[] { Path.Combine(squashfsTools, "bin", ProgramName), Path.Combine(squashfsTools, ProgramName) })
            {
                if (IsExecutableFile(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        return Path.GetFileName(squashfsTools) == ProgramName && IsExecutableFile(squashfsTools) ? squashfsTools : null;
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
