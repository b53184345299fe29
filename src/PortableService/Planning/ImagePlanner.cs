using System.Text;
using PortableService.Building;
using PortableService.Closure.Nix;
using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.DotNet;
using PortableService.FileTrees;
using PortableService.Layers;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;
using Squashfs.Tree;

namespace PortableService.Planning;

/// <summary>
/// Turns a validated spec into an <see cref="ImagePlan"/>: the scaffold, os-release, units, contents at their targets
/// and symlinks are planned first; then the closure of what they name is resolved in that planned image, falling
/// through to the build host only for paths the plan does not provide. Nothing is written.
/// </summary>
public static class ImagePlanner
{
    /// <summary>In every portable image, so that it can be the base of extensions that bring files under /opt.</summary>

    /// <exception cref="DiagnosticException">Something needed cannot be found, or two sources want one path.</exception>
    public static ImagePlan Plan(ValidatedSpec spec, BuildOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new BuildOptions();
        var closureOptions = options.Closure with { RefuseUnsafeFiles = true };
        if (spec.Spec.AllowMissing.Count > 0)
        {
            closureOptions = closureOptions with { AllowMissingNames = [.. closureOptions.AllowMissingNames, .. spec.Spec.AllowMissing] };
        }

        var host = new PathResolver(HostFileTree.Instance);
        var baseImage = OpenBase(spec);
        try
        {
            return Plan(spec, options, closureOptions, host, baseImage, cancellationToken);
        }
        catch
        {
            baseImage?.Dispose();
            throw;
        }
    }

    private static ImagePlan Plan(ValidatedSpec spec, BuildOptions options, ClosureOptions closureOptions, PathResolver host, BaseImage? baseImage, CancellationToken cancellationToken)
    {
        // An extension's programs find the base's files where portabled lays the extension over it.
        IFileTree below = baseImage is null ? HostFileTree.Instance : new LayeredFileTree(baseImage.Tree, HostFileTree.Instance);
        var tree = new PlannedImageTree(below);
        // .NET apps among the contents bring what their runtime loads with dlopen, and their shared frameworks.
        var dotNet = DotNetRuntimePlanner.Plan(PlanEntries(spec, host), spec.Type, options.DotNet, closureOptions, baseImage);
        var entries = dotNet.Entries;
        foreach (var entry in entries)
        {
            tree.Add(entry);
        }

        using var resolver = new ClosureResolver(closureOptions, tree, HostFileTree.Instance, building: true);
        var roots = Roots(spec, entries, resolver, tree);
        roots.AddRange(dotNet.Roots);
        var closure = resolver.Resolve(roots, cancellationToken);
        CheckClashes(entries, closure);
        var (carried, leftToBase) = CarriedByLayer(spec, closure, baseImage);
        CheckBaseHierarchies(spec, entries, carried, baseImage);
        var baseWarnings = baseImage is null ? [] : CheckBaseMountPoints(spec, entries, carried, baseImage);

        var releasePath = ReleasePath(spec);
        var release = spec.Type == ImageType.Portable
            ? OsReleaseWriter.Write(spec, Identity(resolver, entries, closure, options))
            : OsRelease.Format(OsReleaseWriter.BuildExtensionFields(spec.Spec, spec.Type, spec.BaseOsRelease));
        var releaseEntry = entries.FindIndex(e => e.ImagePath == releasePath);
        entries[releaseEntry] = entries[releaseEntry] with { Bytes = Encoding.UTF8.GetBytes(release) };

        tree.SetBytes(releasePath, entries[releaseEntry].Bytes);
        tree.Seal(carried.Items);
        var epoch = options.SourceDateEpoch ?? SourceDateEpoch.FromEnvironment();
        return new ImagePlan(spec, entries, carried, release, epoch, tree, [.. dotNet.Notes, .. leftToBase, .. baseWarnings]) { Base = baseImage };
    }

    /// <summary>NixOS's identity for an image of store paths, else the building host's.</summary>
    private static OsReleaseIdentity Identity(ClosureResolver resolver, List<PlannedEntry> entries, ClosureResult closure, BuildOptions options)
    {
        var fromNixStore = closure.Items.Any(i => ImagePath.IsUnder(i.HostPath, resolver.StoreDirectory))
            || entries.Any(e => e.HostPath is { } source && ImagePath.IsUnder(source, resolver.StoreDirectory));
        return fromNixStore ? OsReleaseIdentity.NixOS : options.HostIdentity ?? OsReleaseIdentity.ReadHost();
    }

    /// <summary>Where the image's release file goes: os-release in a portable image, the extension-release file in an extension.</summary>
    private static string ReleasePath(ValidatedSpec spec) =>
        spec.Type == ImageType.Portable ? ImageScaffold.OsReleasePath : ExtensionRelease.FilePath(spec.Type, spec.Spec.Pname);

    /// <exception cref="DiagnosticException">The base image cannot be read (any more: validation read it).</exception>
    private static BaseImage? OpenBase(ValidatedSpec spec)
    {
        if (spec.Spec.Base is not { } path)
        {
            return null;
        }

        try
        {
            return BaseImage.Open(path);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            throw new DiagnosticException([new Diagnostic(SpecDiagnosticCodes.BaseUnreadable, DiagnosticSeverity.Error, string.Format(CultureInfo.InvariantCulture, SpecMessages.BaseUnreadable, path, e.Message.TrimEnd('.')), "$.base")]);
        }
    }

    /// <summary>
    /// What of the closure an extension carries: what lies in the hierarchies portabled lays over the base. The rest
    /// must come from the base: with one given, that is an error (the base does not have it, or it would not be in
    /// the closure); without one, a warning for each path left to the base.
    /// </summary>
    private static (ClosureResult Carried, IReadOnlyList<Diagnostic> LeftToBase) CarriedByLayer(ValidatedSpec spec, ClosureResult closure, BaseImage? baseImage)
    {
        var outside = closure.Items.Where(i => !ExtensionRelease.Carries(spec.Type, i.HostPath)).ToList();
        if (outside.Count == 0)
        {
            return (closure, []);
        }

        var hierarchies = string.Join(" and ", ExtensionRelease.Hierarchies(spec.Type));
        if (baseImage is not null)
        {
            throw new DiagnosticException([.. outside.Select(i => ClosureMessages.NotCarriedByExtension(i, hierarchies, baseImage.Path))]);
        }

        return (new ClosureResult([.. closure.Items.Except(outside)], closure.Diagnostics), [.. outside.Select(i => ClosureMessages.LeftToBase(i, hierarchies))]);
    }

    /// <summary>
    /// An extension's payload under a hierarchy the base has no directory for would never be seen (PS2204, see
    /// <see cref="BaseImage.CheckHierarchies"/>). Its release file and units are read from the extension itself.
    /// </summary>
    private static void CheckBaseHierarchies(ValidatedSpec spec, List<PlannedEntry> entries, ClosureResult carried, BaseImage? baseImage)
    {
        if (baseImage is null)
        {
            return;
        }

        var own = spec.Spec.Units.Select(u => spec.UnitPath(u.Name)).Append(ReleasePath(spec)).ToHashSet(StringComparer.Ordinal);
        var payload = entries.Where(e => e.Kind != PlannedEntryKind.Directory && !own.Contains(e.ImagePath)).Select(e => e.ImagePath).Concat(carried.Items.Select(i => i.HostPath)).ToList();
        var missing = baseImage.CheckHierarchies(spec.Type, payload).ToList();
        if (missing.Count > 0)
        {
            throw new DiagnosticException(missing);
        }
    }

    /// <summary>What the spec itself puts into the image, sorted by path (parents before children).</summary>
    private static List<PlannedEntry> PlanEntries(ValidatedSpec validated, PathResolver host)
    {
        var spec = validated.Spec;
        var entries = new List<PlannedEntry>();
        if (validated.Type == ImageType.Portable)
        {
            foreach (var directory in ImageScaffold.Directories)
            {
                entries.Add(new PlannedEntry(directory, PlannedEntryKind.Directory, "scaffold: portabled and the service manager expect it"));
            }

            entries.Add(new PlannedEntry("/etc/resolv.conf", PlannedEntryKind.File, "scaffold: an empty mount point"));
            entries.Add(new PlannedEntry("/etc/machine-id", PlannedEntryKind.File, "scaffold: an empty mount point"));
            entries.Add(new PlannedEntry(ImageScaffold.OsReleasePath, PlannedEntryKind.File, "os-release"));
        }
        else
        {
            // The base is the root; the extension brings its release file and payload, no scaffold.
            entries.Add(new PlannedEntry(ReleasePath(validated), PlannedEntryKind.File, "extension-release")
            {
                Xattrs = [new ImageXattr(ExtensionRelease.StrictXattr, "false"u8.ToArray())],
            });
        }

        for (var i = 0; i < spec.Units.Count; i++)
        {
            entries.Add(new PlannedEntry(validated.UnitPath(spec.Units[i].Name), PlannedEntryKind.File, $"units[{i}]")
            {
                Bytes = Encoding.UTF8.GetBytes(validated.UnitTexts[i]),
            });
            // An extension's own mount points would never be seen: those outside its hierarchies must be in the base.
            foreach (var mountPoint in ServiceDirectories.MountPoints(validated.UnitTexts[i]).Where(m => ExtensionRelease.Carries(validated.Type, m.Path)).SelectMany(m => WithParents(m.Path)))
            {
                entries.Add(new PlannedEntry(mountPoint, PlannedEntryKind.Directory, $"units[{i}]: a mount point for the directories systemd sets up"));
            }
        }

        for (var i = 0; i < spec.Contents.Count; i++)
        {
            var content = spec.Contents[i];
            var source = Path.GetFullPath(content.Source);
            // A source given as a symlink goes in as what it points to.
            var real = host.Resolve(source).RealPath ?? source;
            var reason = real == content.ImageTarget ? $"contents[{i}]" : $"contents[{i}] (from {real})";
            entries.Add(new PlannedEntry(content.ImageTarget!, PlannedEntryKind.Content, reason)
            {
                HostPath = real,
                Exclusion = new ContentExclusion(content.Exclude),
                AllowedUnsafeFiles = (content.AllowDevices ? UnsafeFiles.Devices : UnsafeFiles.None) | (content.AllowSetId ? UnsafeFiles.SetId : UnsafeFiles.None),
            });
        }

        for (var i = 0; i < spec.Symlinks.Count; i++)
        {
            ImagePath.Normalize(spec.Symlinks[i].Symlink, out var path);
            entries.Add(new PlannedEntry(path!, PlannedEntryKind.Symlink, $"symlinks[{i}]") { LinkTarget = spec.Symlinks[i].Object });
        }

        if (validated.Type == ImageType.Portable)
        {
            // portabled mounts each extension hierarchy over the base's own directory and skips one the base lacks; any
            // portable image may serve as a base. Last, so that a content or symlink at /usr or /opt takes its place.
            foreach (var hierarchy in ExtensionRelease.Hierarchies(ImageType.Extension).Where(h => !entries.Any(e => e.ImagePath == h)))
            {
                entries.Add(new PlannedEntry(hierarchy, PlannedEntryKind.Directory, $"a mount point: portabled lays the {hierarchy} of extensions over it"));
            }
        }

        // The same content twice at one target (allowed by validation) is one entry.
        return [.. entries.DistinctBy(e => e.ImagePath).OrderBy(e => e.ImagePath, StringComparer.Ordinal)];
    }

    /// <summary>
    /// What the layer needs the base to have: the hierarchies it lays its files over (systemd 252 and 257 skip one the
    /// base lacks, so a program under <c>/opt</c> is not found: 203/EXEC), and the mount points of its units' state,
    /// cache, logs and configuration folders outside those hierarchies that no <c>TemporaryFileSystem=</c> covers
    /// (226/NAMESPACE).
    /// </summary>
    /// <returns>The warnings; errors are thrown.</returns>
    private static List<Diagnostic> CheckBaseMountPoints(ValidatedSpec spec, List<PlannedEntry> entries, ClosureResult carried, BaseImage baseImage)
    {
        var files = new PathResolver(baseImage.Tree);
        bool HasDirectory(string path) => files.Resolve(path) is { Succeeded: true, Node.Kind: FileNodeKind.Directory };
        var problems = new List<Diagnostic>();
        var hierarchies = ExtensionRelease.Hierarchies(spec.Type);
        for (var i = 0; i < spec.Spec.Units.Count; i++)
        {
            var tmpfs = ServiceDirectories.TemporaryFileSystems(spec.UnitTexts[i]).ToList();
            foreach (var (setting, mountPoint) in ServiceDirectories.MountPoints(spec.UnitTexts[i]))
            {
                if (!ExtensionRelease.Carries(spec.Type, mountPoint) && !tmpfs.Any(t => t == mountPoint || ImagePath.IsUnder(mountPoint, t)) && !HasDirectory(mountPoint))
                {
                    problems.Add(PlanMessages.BaseLacksMountPoint(spec.Spec.Units[i].Name, setting, mountPoint, baseImage.Path, string.Join(" and ", hierarchies)));
                }
            }
        }

        if (problems.Any(p => p.Severity == DiagnosticSeverity.Error))
        {
            throw new DiagnosticException(problems);
        }

        return problems;
    }

    /// <summary>A path and its parents, up to the top level: a nested <c>StateDirectory=a/b</c> needs <c>/var/lib/a</c> too.</summary>
    private static IEnumerable<string> WithParents(string path)
    {
        for (var at = path.IndexOf('/', 1); at > 0; at = path.IndexOf('/', at + 1))
        {
            yield return path[..at];
        }

        yield return path;
    }

    /// <summary>
    /// The roots of the closure, as paths in the planned image: contents at their targets, symlink objects, and the
    /// programs and store paths named in units. A program named without a directory (<c>ExecStart=hello</c>) is looked
    /// up on systemd's standard PATH, in the image first, as systemd will.
    /// </summary>
    private static List<ClosureRoot> Roots(ValidatedSpec validated, List<PlannedEntry> entries, ClosureResolver resolver, PlannedImageTree tree)
    {
        var spec = validated.Spec;
        var roots = new List<ClosureRoot>();
        foreach (var entry in entries.Where(e => e.Kind == PlannedEntryKind.Content))
        {
            roots.Add(new ClosureRoot(entry.ImagePath, entry.Reason) { Allowed = entry.AllowedUnsafeFiles });

            // A store path placed elsewhere still brings what it references, but not itself a second time.
            if (entry.ImagePath != entry.HostPath && StorePath.Containing(entry.HostPath!, resolver.StoreDirectory) == entry.HostPath)
            {
                tree.MarkProvidedElsewhere(entry.HostPath!);
                roots.Add(new ClosureRoot(entry.HostPath!, $"{entry.Reason}: its Nix references"));
            }
        }

        // An object in /proc or /sys is only linked to: the service has its own.
        for (var i = 0; i < spec.Symlinks.Count; i++)
        {
            if (ImageScaffold.KernelFileSystemOf(Path.GetFullPath(spec.Symlinks[i].Object)) is null)
            {
                roots.Add(new ClosureRoot(spec.Symlinks[i].Object, $"symlinks[{i}].object"));
            }
        }

        for (var i = 0; i < spec.Units.Count; i++)
        {
            var name = spec.Units[i].Name;
            var text = validated.UnitTexts[i];
            roots.AddRange(UnitFileRoots.Extract(name, text, resolver.StoreDirectory));
            foreach (var (key, program) in UnitFileRoots.ExecPrograms(text).Where(p => !p.Program.Contains('/')))
            {
                var found = resolver.Options.StandardPath
                    .Select(d => UnixPath.Join(d.TrimEnd('/'), program))
                    .FirstOrDefault(p => resolver.FileSystem.Resolve(p) is { Succeeded: true, Node.Kind: FileNodeKind.File });
                if (found is not null)
                {
                    roots.Add(new ClosureRoot(found, $"unit {name} {key}={program}", Required: true));
                }
            }
        }

        return roots;
    }

    /// <summary>A directory copied whole from the host must not hold something the plan also places.</summary>
    private static void CheckClashes(List<PlannedEntry> entries, ClosureResult closure)
    {
        var clashes = new List<Diagnostic>();
        foreach (var item in closure.Items.Where(i => i.Kind == ClosureItemKind.Tree))
        {
            if (entries.FirstOrDefault(e => ImagePath.IsUnder(e.ImagePath, item.HostPath)) is { } entry)
            {
                clashes.Add(PlanMessages.ClosureClashesWithPlan(item, entry));
            }
        }

        if (clashes.Count > 0)
        {
            throw new DiagnosticException(clashes);
        }
    }
}
