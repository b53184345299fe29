using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Spec;
using PortableService.Systemd;

namespace PortableService.Validation;

public static partial class SpecValidator
{
    /// <summary>
    /// Symlinks and contents: existing host objects and sources; image paths that are normalised, below the root,
    /// and clash with nothing else the image holds (the scaffold, units, other symlinks, content targets). Paths are
    /// compared lexically; a path inside a symlink, a file, or a content target is a clash too.
    /// </summary>
    private static void ValidateImagePaths(PortableServiceSpec spec, SpecProblems diagnostics)
    {
        var units = new List<(string Path, string Name)>();
        foreach (UnitSource unit in spec.Units)
        {
            if (SystemdUnitName.IsValid(unit.Name))
            {
                units.Add((ImageScaffold.UnitPath(ParseType(spec.Type) ?? ImageType.Portable, unit.Name), unit.Name));
            }
        }

        var contents = new List<(string Target, string Source, string Location)>();
        for (int i = 0; i < spec.Contents.Count; i++)
        {
            if (ValidateContent(spec.Contents[i], JsonPath.Index("$.contents", i), units, contents, diagnostics) is { } content)
            {
                contents.Add(content);
            }
        }

        var symlinks = new List<(string Path, string Location)>();
        for (int i = 0; i < spec.Symlinks.Count; i++)
        {
            string location = JsonPath.Index("$.symlinks", i);
            SymlinkSpec symlink = spec.Symlinks[i];
            ValidateSymlinkObject(symlink.Object, JsonPath.Property(location, "object"), diagnostics);

            string linkLocation = JsonPath.Property(location, "symlink");
            if (NormalizeImagePath(symlink.Symlink, linkLocation, SpecDiagnosticCodes.SymlinkPathInvalid, SpecDiagnosticCodes.SymlinkEscapesRoot, diagnostics) is not { } path)
            {
                continue;
            }

            if (ScaffoldClash(path, linkLocation, SpecDiagnosticCodes.SymlinkClashesWithScaffold, diagnostics)
                || UnitClash(path, linkLocation, units, SpecDiagnosticCodes.SymlinkClashesWithUnit, diagnostics)
                || UnitDirectoryClash(path, linkLocation, SpecDiagnosticCodes.SymlinkInUnitDirectory, diagnostics)
                || ApiFileSystemClash(path, linkLocation, SpecDiagnosticCodes.SymlinkUnderApiFileSystem, diagnostics))
            {
                symlinks.Add((path, location));
                continue;
            }

            bool clashed = false;
            foreach ((string other, string otherLocation) in symlinks)
            {
                if (Overlap(path, other))
                {
                    string how = path == other ? string.Empty : " (one would be inside the other)";
                    diagnostics.Error(SpecDiagnosticCodes.SymlinkClashesWithSymlink, linkLocation, SpecMessages.SymlinkClashesWithSymlink, linkLocation, path, other, otherLocation, how);
                    clashed = true;
                    break;
                }
            }

            if (!clashed)
            {
                foreach ((string target, string _, string contentLocation) in contents)
                {
                    if (Overlap(path, target))
                    {
                        diagnostics.Error(SpecDiagnosticCodes.SymlinkClashesWithContent, linkLocation, SpecMessages.SymlinkClashesWithContent, linkLocation, path, target, contentLocation);
                        break;
                    }
                }
            }

            symlinks.Add((path, location));
        }
    }

    private static (string Target, string Source, string Location)? ValidateContent(
        ContentSpec content, string location, List<(string Path, string Name)> units, List<(string Target, string Source, string Location)> earlier, SpecProblems diagnostics)
    {
        int before = diagnostics.Count;
        if (content.Source.Length == 0)
        {
            diagnostics.Error(SpecDiagnosticCodes.ContentSourceNotFound, location, SpecMessages.ContentSourceEmpty, location);
        }
        else
        {
            FileProbe probe = FileProbe.Of(content.Source);
            if (!probe.Exists)
            {
                diagnostics.Error(SpecDiagnosticCodes.ContentSourceNotFound, location, SpecMessages.ContentSourceNotFound, location, content.Source);
            }
            else if (probe.IsDangling)
            {
                diagnostics.Error(SpecDiagnosticCodes.ContentSourceDangling, location, probe.IsLoop ? SpecMessages.ContentSourceLoop : SpecMessages.ContentSourceDangling, location, content.Source, probe.LinkTarget);
            }
            else if (probe.TargetKind is FileKind.CharacterDevice or FileKind.BlockDevice && !content.AllowDevices)
            {
                diagnostics.Error(SpecDiagnosticCodes.ContentSourceIsDevice, location, SpecMessages.ContentSourceIsDevice, location, content.Source, probe.TargetDescription);
            }
            else if (probe.TargetKind is not (FileKind.Regular or FileKind.Directory or FileKind.CharacterDevice or FileKind.BlockDevice))
            {
                diagnostics.Error(SpecDiagnosticCodes.ContentSourceUnsupportedType, location, SpecMessages.ContentSourceUnsupportedType, location, content.Source, probe.TargetDescription);
            }
            else if (RealPath(content.Source) is var real && real == "/" && content.Target is not null)
            {
                // Without a target the image root itself is the target, which is refused as such (PS1404).
                diagnostics.Error(SpecDiagnosticCodes.ContentSourceIsRoot, location, SpecMessages.ContentSourceIsRoot, location, content.Source);
            }
            else if (ImageScaffold.KernelFileSystemOf(real) is { } kernel)
            {
                diagnostics.Error(SpecDiagnosticCodes.ContentSourceInKernelFileSystem, location, SpecMessages.ContentSourceInKernelFileSystem, location, content.Source, kernel);
            }
        }

        // Without a usable source, a target can only be checked when one is given.
        if (content.Source.Contains('\0') || (content.Target is null && content.Source.Length == 0))
        {
            return null;
        }

        string targetLocation = content.Target is null ? location : JsonPath.Property(location, "target");
        string target = content.Target ?? Path.GetFullPath(content.Source);
        if (NormalizeImagePath(target, targetLocation, SpecDiagnosticCodes.ContentTargetInvalid, SpecDiagnosticCodes.ContentTargetEscapesRoot, diagnostics) is not { } path)
        {
            return null;
        }

        string source = content.Source.Length == 0 ? string.Empty : Path.GetFullPath(content.Source);
        if (ScaffoldClash(path, targetLocation, SpecDiagnosticCodes.ContentClashesWithScaffold, diagnostics)
            || UnitClash(path, targetLocation, units, SpecDiagnosticCodes.ContentClashesWithUnit, diagnostics))
        {
            return (path, source, location);
        }

        if (UnitDirectoryClash(path, targetLocation, SpecDiagnosticCodes.ContentInUnitDirectory, diagnostics)
            || (diagnostics.Count == before && ApiFileSystemClash(path, targetLocation, SpecDiagnosticCodes.ContentUnderApiFileSystem, diagnostics)))
        {
            return (path, source, location);
        }

        foreach ((string otherTarget, string otherSource, string otherLocation) in earlier)
        {
            if (otherTarget == path && otherSource != source)
            {
                diagnostics.Error(SpecDiagnosticCodes.ContentTargetConflict, targetLocation, SpecMessages.ContentTargetConflict, targetLocation, path, otherLocation, otherSource);
                break;
            }

            if (ImagePath.IsUnder(path, otherTarget) || ImagePath.IsUnder(otherTarget, path))
            {
                // One content would place files inside (or through a symlink of) the other's tree: one of them would lose.
                diagnostics.Error(SpecDiagnosticCodes.ContentTargetNested, targetLocation, SpecMessages.ContentTargetNested, targetLocation, path, otherLocation, otherTarget);
                break;
            }
        }

        for (int i = 0; i < content.Exclude.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(content.Exclude[i]) || content.Exclude[i].Contains('\0'))
            {
                string excludeLocation = JsonPath.Index(JsonPath.Property(location, "exclude"), i);
                diagnostics.Error(SpecDiagnosticCodes.ContentExcludeInvalid, excludeLocation, SpecMessages.ContentExcludeInvalid, excludeLocation);
            }
        }

        return (path, source, location);
    }

    /// <summary>An existing host path with every symlink in it resolved.</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        return new PathResolver(HostFileTree.Instance).Resolve(full).RealPath ?? full;
    }

    private static void ValidateSymlinkObject(string target, string location, SpecProblems diagnostics)
    {
        if (target.Length == 0)
        {
            diagnostics.Error(SpecDiagnosticCodes.SymlinkObjectNotFound, location, SpecMessages.SymlinkObjectEmpty, location);
            return;
        }

        if (ImagePath.Normalize(target, out _) == ImagePathProblem.Root || (FileProbe.Of(target).Exists && RealPath(target) == "/"))
        {
            // As for contents: the whole host would go in.
            diagnostics.Error(SpecDiagnosticCodes.SymlinkObjectIsRoot, location, SpecMessages.SymlinkObjectIsRoot, location, target);
            return;
        }

        FileProbe probe = FileProbe.Of(target);
        if (!probe.Exists)
        {
            diagnostics.Error(SpecDiagnosticCodes.SymlinkObjectNotFound, location, SpecMessages.SymlinkObjectNotFound, location, target);
        }
        else if (probe.IsDangling)
        {
            diagnostics.Error(SpecDiagnosticCodes.SymlinkObjectDangling, location, probe.IsLoop ? SpecMessages.SymlinkObjectLoop : SpecMessages.SymlinkObjectDangling, location, target, probe.LinkTarget);
        }
    }

    private static string? NormalizeImagePath(string path, string location, string invalidCode, string escapesCode, SpecProblems diagnostics)
    {
        switch (ImagePath.Normalize(path, out string? normalized))
        {
            case ImagePathProblem.None:
                return normalized;
            case ImagePathProblem.Empty:
                diagnostics.Error(invalidCode, location, SpecMessages.ImagePathEmpty, location);
                break;
            case ImagePathProblem.Root:
                diagnostics.Error(invalidCode, location, SpecMessages.ImagePathRoot, location, path);
                break;
            case ImagePathProblem.InvalidCharacter:
                diagnostics.Error(invalidCode, location, SpecMessages.ImagePathNul, location);
                break;
            case ImagePathProblem.ComponentTooLong:
                diagnostics.Error(invalidCode, location, SpecMessages.ImagePathComponentTooLong, location, path);
                break;
            case ImagePathProblem.EscapesRoot:
                diagnostics.Error(escapesCode, location, SpecMessages.ImagePathEscapes, location, path);
                break;
        }

        return null;
    }

    /// <summary>
    /// A path clashes with a scaffold directory when it is that directory or one of its ancestors (it would replace
    /// it), and with a scaffold file when it is the file, an ancestor, or inside it. Below a directory is fine.
    /// </summary>
    private static bool ScaffoldClash(string path, string location, string code, SpecProblems diagnostics)
    {
        foreach (string directory in ImageScaffold.Directories)
        {
            if (path == directory || ImagePath.IsUnder(directory, path))
            {
                diagnostics.Error(code, location, SpecMessages.ClashesWithScaffoldDirectory, location, path, directory);
                return true;
            }
        }

        foreach (string file in ImageScaffold.Files)
        {
            if (Overlap(path, file))
            {
                string why = file == ImageScaffold.OsReleasePath ? " (set os-release fields with osRelease)" : " (an empty mount point the service manager fills in)";
                diagnostics.Error(code, location, SpecMessages.ClashesWithScaffoldFile, location, path, file, why);
                return true;
            }
        }

        return false;
    }

    private static bool UnitClash(string path, string location, List<(string Path, string Name)> units, string code, SpecProblems diagnostics)
    {
        foreach ((string unitPath, string name) in units)
        {
            if (Overlap(path, unitPath))
            {
                diagnostics.Error(code, location, SpecMessages.ClashesWithUnit, location, path, name, unitPath);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Units reach the unit directory through units alone, where every unit check applies: a content or symlink there
    /// may hold drop-ins (<c>hello.service.d/</c>), never something named like a unit.
    /// </summary>
    private static bool UnitDirectoryClash(string path, string location, string code, SpecProblems diagnostics)
    {
        if (!ImagePath.IsUnder(path, ImageScaffold.UnitDirectory))
        {
            return false;
        }

        string name = path[(ImageScaffold.UnitDirectory.Length + 1)..].Split('/')[0];
        if (!SystemdUnitName.IsValid(name))
        {
            return false;
        }

        diagnostics.Error(code, location, SpecMessages.InUnitDirectory, location, path, ImageScaffold.UnitDirectory);
        return true;
    }

    /// <summary>
    /// Every portable profile mounts /proc, /sys, /dev and /run over the image (MountAPIVFS=yes): what the image holds
    /// there is never seen by the service.
    /// </summary>
    private static bool ApiFileSystemClash(string path, string location, string code, SpecProblems diagnostics)
    {
        if (ImageScaffold.ApiFileSystems.FirstOrDefault(d => ImagePath.IsUnder(path, d)) is not { } mount)
        {
            return false;
        }

        diagnostics.Error(code, location, SpecMessages.UnderApiFileSystem, location, path, mount);
        return true;
    }

    /// <summary>The same path, or one inside the other.</summary>
    private static bool Overlap(string a, string b) => a == b || ImagePath.IsUnder(a, b) || ImagePath.IsUnder(b, a);
}
