using PortableService.Building;
using PortableService.Diagnostics;
using PortableService.Planning;
using Squashfs.Tree;

namespace PortableService.Layout;

/// <summary>
/// Lays out the file tree of a planned image: the planned entries (scaffold, os-release, units as regular files,
/// contents at their targets, symlinks) and the closure's items at their own paths. Pure: it reads host metadata but
/// writes nothing.
/// </summary>
public static class PortableImageLayout
{
    private const UnixFileMode FileMode = (UnixFileMode)0b110_100_100;

    /// <summary>The image's tree, and warnings about what of the host it could not keep (ACLs).</summary>
    public static LaidOutImage Create(ImagePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var root = ImageDirectory.CreateRoot();
        var tree = new ImageTree(root);
        var loader = new HostTreeLoader();
        foreach (var entry in plan.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Place(entry.ImagePath, entry.Reason, () =>
            {
                switch (entry.Kind)
                {
                    case PlannedEntryKind.Directory:
                        root.GetOrCreateDirectory(entry.ImagePath);
                        break;
                    case PlannedEntryKind.File:
                        var (fileParent, fileName) = tree.ParentOf(entry.ImagePath);
                        var file = fileParent.Add(new ImageFile(fileName, FileContent.FromBytes(entry.Bytes.ToArray(), entry.ImagePath), FileMode));
                        foreach (var xattr in entry.Xattrs)
                        {
                            file.Xattrs.Add(xattr);
                        }

                        break;
                    case PlannedEntryKind.Content:
                        var (contentParent, contentName) = tree.ParentOf(entry.ImagePath);
                        var exclusion = entry.Exclusion;
                        loader.Add(contentParent, contentName, entry.HostPath!, exclusion.IsEmpty ? null : exclusion.IsExcluded, cancellationToken);
                        break;
                    case PlannedEntryKind.Symlink:
                        var (linkParent, linkName) = tree.ParentOf(entry.ImagePath);
                        linkParent.Add(new ImageSymlink(linkName, entry.LinkTarget!));
                        break;
                }
            });
        }

        foreach (var item in plan.Closure.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Place(item.HostPath, item.Reason, () =>
            {
                var (parent, name) = tree.ParentOf(item.HostPath);
                loader.Add(parent, name, item.HostPath, cancellationToken);
            });
        }

        return new LaidOutImage(root, AclsLeftOut(loader) is { } acls ? [acls] : []);
    }

    /// <summary>
    /// One warning for all the entries whose POSIX ACLs were left out (squashfs has no place for them; mksquashfs warns
    /// of each): how many, and the first.
    /// </summary>
    public static Diagnostic? AclsLeftOut(HostTreeLoader loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        if (loader.FirstEntryWithAcl is not { } first)
        {
            return null;
        }

        var (which, its) = loader.EntriesWithAcls == 1
            ? ($"{first} carries a POSIX ACL", "its")
            : ($"{loader.EntriesWithAcls} files carry POSIX ACLs (the first {first})", "their");
        return new Diagnostic(BuildDiagnosticCodes.AclsLeftOut, DiagnosticSeverity.Warning,
            $"{which}, which squashfs cannot store: in the image only {its} mode bits apply (the group bits are the ACL's mask). " +
            "Grant the access the service needs through the mode bits (setfacl -b, then chmod).", first);
    }

    /// <summary>
    /// Runs one placement. The planner refuses every clash it can see; one that still shows here is reported as a
    /// clash, not a crash.
    /// </summary>
    private static void Place(string path, string reason, Action place)
    {
        try
        {
            place();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.PathClash, DiagnosticSeverity.Error,
                $"{path} ({reason}) cannot be placed in the image: {e.Message.TrimEnd('.')}. Two sources want the same path: give one of them another place.", path)]);
        }
    }
}
