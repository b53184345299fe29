using System.Text;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Layers;
using PortableService.Systemd;
using PortableService.Spec;

namespace PortableService.Inspection;

public static partial class ImageInspector
{
    /// <summary>An extension's release files: which kind, the directory (and where it really is), and the names of the <c>extension-release.*</c> files in it.</summary>
    private sealed record ExtensionReleaseFiles(ImageType Type, string Directory, string RealDirectory, IReadOnlyList<string> Names);

    /// <summary>The release files of an extension (<c>/usr/lib/extension-release.d</c>) or confext (<c>/etc/extension-release.d</c>); null for neither.</summary>
    private static ExtensionReleaseFiles? FindExtensionRelease(IImageTree tree, PathResolver files)
    {
        foreach (var type in new[] { ImageType.Extension, ImageType.Confext })
        {
            var directory = ExtensionRelease.Directory(type);
            if (files.Resolve(directory) is { Succeeded: true, Node.Kind: FileNodeKind.Directory, RealPath: { } real }
                && tree.ListDirectory(real).Where(n => n.StartsWith("extension-release.", StringComparison.Ordinal)).ToList() is { Count: > 0 } names)
            {
                return new ExtensionReleaseFiles(type, directory, real, names);
            }
        }

        return null;
    }

    /// <summary>
    /// An extension as portabled 252 and 257 read it: the release file each looks for (252: the file name without
    /// .raw; 257: cut at the first '_' or '+'), or the single one marked <c>user.extension-release.strict=false</c>;
    /// its scope; over a base (<c>--base</c>) the ID and version match; then its units and, over the base, its services.
    /// </summary>
    private static InspectionReport InspectExtension(string imagePath, IImageTree tree, PathResolver files, ExtensionReleaseFiles release, string filePrefix, List<Diagnostic> findings, PortableProfile profile, string? basePath)
    {
        var name = Path.GetFileName(imagePath);
        var exact252 = name.EndsWith(".raw", StringComparison.Ordinal) ? name[..^4] : name;
        var exact257 = name[..(name.IndexOfAny(['_', '+']) is var cut and >= 0 ? cut : exact252.Length)];
        var relaxed = release.Names.Where(n => IsNotStrict(tree, UnixPath.Join(release.RealDirectory, n))).ToList();
        var chosen = release.Names.FirstOrDefault(n => n == "extension-release." + exact257) ?? (relaxed.Count == 1 ? relaxed[0] : release.Names[0]);
        foreach (var (version, wanted) in new[] { (252, exact252), (257, exact257) })
        {
            if (release.Names.Any(n => n == "extension-release." + wanted))
            {
                continue;
            }

            var path = $"{release.Directory}/extension-release.{wanted}";
            if (relaxed.Count > 1)
            {
                findings.Add(Error(InspectionCodes.ExtensionReleaseAmbiguous, $"systemd {version} looks for {path}; of the files there, {string.Join(", ", relaxed)} all carry {ExtensionRelease.StrictXattr}=false, and it refuses the ambiguity. Keep one release file.", release.Directory));
            }
            else if (relaxed.Count == 0)
            {
                findings.Add(Error(InspectionCodes.ExtensionReleaseNotFound, $"systemd {version} looks for {path} and finds {string.Join(", ", release.Names)} without {ExtensionRelease.StrictXattr}=false: it attaches the extension only with --force (after which detach --now fails too). Name the file after the image, or set the xattr (our builder does both).", path));
            }
        }

        var releasePath = $"{release.Directory}/{chosen}";
        var fields = OsRelease.Parse(Encoding.UTF8.GetString(files.ReadFile(releasePath, OsRelease.MaxFileSize) ?? []));
        if (ExtensionRelease.ScopeMismatch(release.Type, fields) is { } scopeProblem)
        {
            findings.Add(Error(InspectionCodes.ExtensionScopeNotPortable, $"{releasePath}: {scopeProblem}: portabled refuses the extension. Set {ExtensionRelease.ScopeKey(release.Type)}=portable.", releasePath));
        }

        if (release.Type == ImageType.Confext)
        {
            findings.Add(Warning(InspectionCodes.ConfextNeeds255, "A configuration extension: systemd 252 refuses it (it looks for /usr/lib/extension-release.d only; confext came in 255); 257 attaches it with --extension.", releasePath));
        }

        var prefixes = Prefixes(fields, filePrefix, findings);
        var units = release.Type == ImageType.Confext ? [] : FindUnits(tree, files, prefixes, findings);
        bool? matches = null;
        if (basePath is null)
        {
            if (units.Count > 0)
            {
                findings.Add(Warning(InspectionCodes.ExtensionServicesUnchecked, "The services were not checked: their programs may come from the base image. Give it with --base BASE.", null));
            }
        }
        else
        {
            try
            {
                using var baseImage = BaseImage.Open(basePath);
                var mismatch = ExtensionRelease.Mismatch(release.Type, fields, baseImage.OsRelease, Architecture());
                matches = mismatch is null;
                if (mismatch is not null)
                {
                    findings.Add(Error(InspectionCodes.ExtensionBaseMismatch, $"portabled would refuse {name} over {basePath}, --force or not: {mismatch}.", releasePath));
                }

                findings.AddRange(baseImage.CheckHierarchies(release.Type, Payload(tree, "/", OwnFiles(release, units))));
                findings.AddRange(CheckServices(new LayeredFileTree(tree, baseImage.Tree), units, profile));
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException)
            {
                findings.Add(Error(InspectionCodes.BaseUnreadable, $"The base image {basePath} cannot be read: {e.Message.TrimEnd('.')}. Give a portable image: a naked squashfs NAME.raw, or an image directory.", basePath));
            }
        }

        return new InspectionReport(imagePath, prefixes, releasePath, fields, units, findings) { Profile = profile, Kind = release.Type, MatchesBase = matches };
    }

    /// <summary>The extension's release files and units: portabled reads them from the extension itself, not through the base.</summary>
    private static HashSet<string> OwnFiles(ExtensionReleaseFiles release, IReadOnlyList<InspectedUnit> units) =>
        release.Names.Select(n => UnixPath.Join(release.RealDirectory, n)).Concat(units.Select(u => u.Path)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every path under <paramref name="directory"/> that is not a directory and not one of <paramref name="own"/>, in name order.</summary>
    private static IEnumerable<string> Payload(IImageTree tree, string directory, HashSet<string> own)
    {
        foreach (var name in tree.ListDirectory(directory).Order(StringComparer.Ordinal))
        {
            var path = UnixPath.Join(directory, name);
            if (tree.Lstat(path).Kind != FileNodeKind.Directory)
            {
                if (!own.Contains(path))
                {
                    yield return path;
                }

                continue;
            }

            foreach (var below in Payload(tree, path, own))
            {
                yield return below;
            }
        }
    }

    /// <summary>True when the file carries <c>user.extension-release.strict</c> set to a false boolean, as systemd parses it.</summary>
    private static bool IsNotStrict(IImageTree tree, string path) =>
        tree.ReadXattrs(path).FirstOrDefault(x => x.Name == ExtensionRelease.StrictXattr) is { } xattr
        && Encoding.UTF8.GetString(xattr.Value).TrimEnd('\0') is "0" or "false" or "no" or "n" or "off" or "f";

    /// <summary>This machine's architecture as systemd names it (ARCHITECTURE=).</summary>
    private static string Architecture() => DiskImages.Gpt.DiscoverablePartitionTypes.Native.Name;
}
