using System.Buffers.Binary;
using System.Text;
using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;
using Squashfs;

namespace PortableService.Inspection;

/// <summary>
/// Reads an image with our own squashfs reader (no root, no loop device, no systemd) and checks what portabled and
/// systemd would check when it is attached and its services started. Works on images from any builder.
/// </summary>
public static partial class ImageInspector
{
    /// <summary>Where portabled looks for unit files inside an image, in order of precedence.</summary>
    private static readonly string[] UnitDirectories = ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"];

    /// <summary>What the portable profiles bind-mount over; on a read-only image they must already exist.</summary>
    private static readonly string[] MountPoints = ["/proc", "/sys", "/dev", "/run", "/tmp", "/var/tmp", "/etc/resolv.conf", "/etc/machine-id"];

    /// <summary>
    /// Inspects the image, a naked squashfs (with its verity sidecars), a discoverable disk image or an image directory,
    /// as portabled would attach it with the options' profile.
    /// </summary>
    public static InspectionReport Inspect(string imagePath, InspectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        var profile = options?.Profile ?? PortableProfile.Find("default")!;
        var findings = new List<Diagnostic>();

        // A FIFO or a device would block the reads below, or never end: only a regular file or a directory is an image.
        var probe = FileProbe.Of(imagePath);
        if (probe.TargetKind == FileKind.Directory)
        {
            return InspectDirectory(imagePath, findings, profile, options, cancellationToken);
        }

        if (probe.TargetKind != FileKind.Regular)
        {
            findings.Add(Error(InspectionCodes.UnreadableImage, $"{imagePath} is a {FileProbe.Describe(probe.TargetKind)}, not an image file: give the image (NAME.raw), or an image directory.", imagePath));
            return new InspectionReport(imagePath, [PrefixOf(Path.GetFileName(imagePath))], null, new Dictionary<string, string>(), [], findings) { Profile = profile };
        }

        var verification = ImageVerifier.Verify(imagePath, options, findings, cancellationToken);
        RequireSignature(imagePath, options, verification, findings);
        var name = Path.GetFileName(imagePath);
        if (!name.EndsWith(".raw", StringComparison.Ordinal))
        {
            findings.Add(Error(InspectionCodes.NotRaw, $"The image file name '{name}' does not end in .raw: portabled only attaches .raw image files.", imagePath));
        }

        var filePrefix = CheckPrefix(imagePath, "file name", "the image to <pname>_<version>.raw", findings);

        if (verification is { Format: ImageFormat.Ddi, RootOffset: { } rootOffset } && RootFileSystem(imagePath, rootOffset) is { } other)
        {
            findings.Add(Warning(InspectionCodes.RootNotSquashfs, $"The root partition holds {other}, not squashfs (systemd-repart --make-ddi formats it as erofs unless told otherwise): inspect reads squashfs only, so os-release, units and services were not checked; the partition table, hash tree and signature were.", imagePath));
            return new InspectionReport(imagePath, [filePrefix], null, new Dictionary<string, string>(), [], findings) { Verification = verification, Profile = profile };
        }

        SquashfsReader reader;
        try
        {
            // A DDI's file system is its root partition; without one there is nothing more to read.
            reader = verification switch
            {
                { Format: ImageFormat.Squashfs } => SquashfsReader.Open(imagePath),
                { RootOffset: { } offset } => new SquashfsReader(new StreamWindow(File.OpenRead(imagePath), offset, verification.RootSize, leaveOpen: false)),
                _ => throw new InvalidDataException("the disk image has no root partition"),
            };
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            return Unreadable(imagePath, filePrefix, findings, e) with { Verification = verification, Profile = profile };
        }

        using var tree = new SquashfsFileTree(reader);
        return Inspect(imagePath, tree, filePrefix, findings, profile, options, cancellationToken) with { Verification = verification };
    }

    /// <summary>
    /// An image directory, as <c>portablectl attach --copy=symlink</c> takes it: the same checks as for a squashfs image,
    /// read through a tree confined to the directory. A directory that holds no image at all is one clear error.
    /// </summary>
    private static InspectionReport InspectDirectory(string imagePath, List<Diagnostic> findings, PortableProfile profile, InspectionOptions? options, CancellationToken cancellationToken)
    {
        var filePrefix = PrefixOf(Path.GetFileName(imagePath));
        var verification = new ImageVerification(ImageFormat.Directory, ImageProtection.Unprotected, null, null, null, null, 0);
        RequireSignature(imagePath, options, verification, findings);
        try
        {
            using var tree = DirectoryFileTree.Open(imagePath);
            var files = new PathResolver(tree);
            if (OsRelease.Read(files) is null && FindExtensionRelease(tree, files) is null)
            {
                var raw = HostFileTree.List(imagePath).Where(n => n.EndsWith(".raw", StringComparison.Ordinal)).Take(3).ToList();
                var hint = raw.Count == 0 ? string.Empty : $" It holds {string.Join(", ", raw)}: inspect that.";
                findings.Add(Error(InspectionCodes.NotAnImageDirectory, $"{imagePath} is a directory, but no image: it has no {string.Join(" or ", OsRelease.ImagePaths)}, nor an extension-release.d/extension-release.* file. Give an image directory (build --format directory writes <pname>_<version>/) or an image file (NAME.raw).{hint}", imagePath));
                return new InspectionReport(imagePath, [filePrefix], null, new Dictionary<string, string>(), [], findings) { Verification = verification, Profile = profile };
            }

            CheckPrefix(imagePath, "directory name", "the directory to <pname>_<version>", findings);
            return Inspect(imagePath, tree, filePrefix, findings, profile, options, cancellationToken) with { Verification = verification };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unreadable(imagePath, filePrefix, findings, e) with { Verification = verification, Profile = profile };
        }
    }

    /// <summary>
    /// A certificate given asks for an image signed by it: one that carries no signature at all fails that, rather than
    /// passing with the certificate unused. A signature that could not be checked has its finding already (verity
    /// incomplete or not matching, PS4021, PS4022).
    /// </summary>
    private static void RequireSignature(string imagePath, InspectionOptions? options, ImageVerification verification, List<Diagnostic> findings)
    {
        if (options?.Certificate is not { } certificate || verification.Protection == ImageProtection.Signed
            || findings.Any(f => f.Severity == DiagnosticSeverity.Error || f.Code == InspectionCodes.SignatureUnchecked))
        {
            return;
        }

        var carries = verification.Format == ImageFormat.Directory
            ? "an image directory has no verity and no signature"
            : verification.Protection == ImageProtection.Verity ? "it has verity, but its root hash is not signed" : "it has no signed root hash";
        findings.Add(Error(InspectionCodes.NotSigned, $"--certificate {certificate} asks for an image signed with it, but {imagePath} is not signed ({carries}): nothing was checked against the certificate, and a host whose image policy wants signed images refuses it. Build it with --verity --private-key KEY --certificate CERT.", imagePath));
    }

    /// <summary>portabled's prefix, taken from the image's name; a finding when portabled would not take it.</summary>
    private static string CheckPrefix(string imagePath, string nameKind, string rename, List<Diagnostic> findings)
    {
        var prefix = PrefixOf(Path.GetFileName(imagePath));
        if (!IsValidPrefix(prefix))
        {
            findings.Add(Error(InspectionCodes.InvalidPrefix, $"The prefix '{prefix}' taken from the {nameKind} (up to the first '_') is not valid: portabled accepts only [A-Za-z0-9.-]. Rename {rename}.", imagePath));
        }

        return prefix;
    }

    private static InspectionReport Inspect(string imagePath, IImageTree tree, string filePrefix, List<Diagnostic> findings, PortableProfile profile, InspectionOptions? options, CancellationToken cancellationToken)
    {
        // Reading is lazy: a corrupt block (one that a failed verity check names, say) surfaces only where it is read.
        try
        {
            var files = new PathResolver(tree);
            if (!files.Resolve(ImageScaffold.OsReleasePath).Succeeded && FindExtensionRelease(tree, files) is { } extension)
            {
                return InspectExtension(imagePath, tree, files, extension, filePrefix, findings, profile, options?.Base);
            }

            var (osReleasePath, osRelease) = ReadOsRelease(files, findings);
            var prefixes = Prefixes(osRelease, filePrefix, findings);
            var units = FindUnits(tree, files, prefixes, findings);
            foreach (var mountPoint in MountPoints)
            {
                if (!files.Resolve(mountPoint).Succeeded)
                {
                    findings.Add(Error(InspectionCodes.MissingMountPoint, $"{mountPoint} is missing: the portable profiles mount over it, and a read-only image cannot get it created, so the service would fail to start. Create it in the image (empty).", mountPoint));
                }
            }

            findings.AddRange(CheckServices(tree, units, profile, cancellationToken));
            return new InspectionReport(imagePath, prefixes, osReleasePath, osRelease, units, findings) { Profile = profile };
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            return Unreadable(imagePath, filePrefix, findings, e) with { Profile = profile };
        }
    }

    /// <summary>
    /// Names the file system at the start of a DDI's root partition when it is one systemd mounts but we do not read
    /// (erofs: magic 0xE0F5E1E2 at 1024; ext4: 0xEF53 at 1080); null for squashfs and for anything unknown, which the
    /// squashfs reader then reports as unreadable.
    /// </summary>
    private static string? RootFileSystem(string imagePath, long rootOffset)
    {
        Span<byte> head = stackalloc byte[1082];
        using var image = File.OpenRead(imagePath);
        image.Position = rootOffset;
        if (image.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || head.StartsWith("hsqs"u8))
        {
            return null;
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(head[1024..]) == 0xE0F5E1E2 ? "an erofs file system"
            : BinaryPrimitives.ReadUInt16LittleEndian(head[1080..]) == 0xEF53 ? "an ext4 file system"
            : null;
    }

    private static InspectionReport Unreadable(string imagePath, string filePrefix, List<Diagnostic> findings, Exception e)
    {
        var what = e is InvalidDataException or NotSupportedException ? "Not a readable squashfs image" : "The image cannot be read";
        findings.Add(Error(InspectionCodes.UnreadableImage, $"{what}: {e.Message}", imagePath));
        return new InspectionReport(imagePath, [filePrefix], null, new Dictionary<string, string>(), [], findings);
    }

    /// <summary>
    /// Whether each service in <paramref name="units"/> could start from <paramref name="image"/> attached with
    /// <paramref name="profile"/>: its programs and what they load, then the profile's sandbox. The same checks run on
    /// a built image (inspect) and on a planned one (build).
    /// </summary>
    internal static IReadOnlyList<Diagnostic> CheckServices(IFileTree image, IEnumerable<InspectedUnit> units, PortableProfile profile, CancellationToken cancellationToken = default)
    {
        var findings = new List<Diagnostic>();
        using var services = new ServiceChecker(image);
        var sandbox = new ProfileChecker(image, profile);
        foreach (var unit in units.Where(u => u.Name.EndsWith(".service", StringComparison.Ordinal)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sandboxFindings = new List<Diagnostic>();
            var hidden = sandbox.Check(unit, sandboxFindings);
            services.Check(unit, hidden, findings, cancellationToken);
            findings.AddRange(sandboxFindings);
        }

        return findings;
    }

    /// <summary>portabled's prefix: the file name up to the first '_', or without its .raw suffix.</summary>
    public static string PrefixOf(string fileName)
    {
        var underscore = fileName.IndexOf('_');
        return underscore >= 0 ? fileName[..underscore] : fileName.EndsWith(".raw", StringComparison.Ordinal) ? fileName[..^4] : fileName;
    }

    private static bool IsValidPrefix(string prefix) => prefix.Length > 0 && prefix is not "." and not ".." && prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');

    private static (string? Path, IReadOnlyDictionary<string, string> Fields) ReadOsRelease(PathResolver files, List<Diagnostic> findings)
    {
        if (OsRelease.Read(files) is not var (path, fields))
        {
            findings.Add(Error(InspectionCodes.NoOsRelease, "Neither /etc/os-release nor /usr/lib/os-release is in the image: portabled refuses it. Add an os-release file with ID= and PORTABLE_PREFIXES=.", "/etc/os-release"));
            return (null, new Dictionary<string, string>());
        }

        if (!fields.TryGetValue("ID", out var id) || id.Length == 0)
        {
            findings.Add(Error(InspectionCodes.NoId, $"{path} has no ID= (or an empty one): portabled refuses such an image. Add ID=<your distribution or service>.", path));
        }

        return (path, fields);
    }

    private static string[] Prefixes(IReadOnlyDictionary<string, string> osRelease, string filePrefix, List<Diagnostic> findings)
    {
        if (!osRelease.TryGetValue("PORTABLE_PREFIXES", out var declared) || declared.Trim().Length == 0)
        {
            if (osRelease.Count > 0)
            {
                findings.Add(Warning(InspectionCodes.NoPortablePrefixes, "os-release has no PORTABLE_PREFIXES=: portabled falls back to the file name, but systemd-dissect does not recognise the image as a portable service. Add PORTABLE_PREFIXES=" + filePrefix + ".", "PORTABLE_PREFIXES"));
            }

            return [filePrefix];
        }

        var prefixes = declared.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (!prefixes.Contains(filePrefix))
        {
            findings.Add(Warning(InspectionCodes.PrefixMismatch, $"PORTABLE_PREFIXES={declared} does not include '{filePrefix}', the prefix of the file name: units are matched against PORTABLE_PREFIXES.", "PORTABLE_PREFIXES"));
        }

        return prefixes;
    }

    private static List<InspectedUnit> FindUnits(IImageTree tree, PathResolver files, string[] prefixes, List<Diagnostic> findings)
    {
        var units = new List<InspectedUnit>();
        foreach (var directoryPath in UnitDirectories)
        {
            if (files.Resolve(directoryPath) is not { Succeeded: true, Node.Kind: FileNodeKind.Directory, RealPath: { } directory })
            {
                continue;
            }

            foreach (var name in tree.ListDirectory(directory))
            {
                if (!prefixes.Any(p => SystemdUnitName.IsAttachedBy(name, p)) || units.Any(u => u.Name == name))
                {
                    continue;
                }

                var path = directoryPath + "/" + name;
                var entry = files.Lstat(UnixPath.Join(directory, name));
                if (entry.Kind == FileNodeKind.Symlink && files.ReadLink(UnixPath.Join(directory, name)) is { } target && target.StartsWith('/'))
                {
                    findings.Add(Error(InspectionCodes.UnitAbsoluteSymlink, $"{path} is a symlink to the absolute path {target}: portabled does not follow it into the image, finds no unit and refuses the image. Store the unit as a regular file.", path));
                    continue;
                }

                if (files.Resolve(path) is not { Succeeded: true, Node.Kind: FileNodeKind.File } file)
                {
                    findings.Add(Error(InspectionCodes.UnitNotRegular, $"{path} is not a regular file: portabled can only attach unit files.", path));
                    continue;
                }

                if (file.Node.Size == 0)
                {
                    findings.Add(Error(InspectionCodes.UnitEmpty, $"{path} is empty: portabled skips it, and with no other unit it refuses the image. Give the unit its content.", path));
                    continue;
                }

                units.Add(new InspectedUnit(name, path, Encoding.UTF8.GetString(files.ReadFile(path, SquashfsFileTree.MaxOpenSize) ?? throw new IOException($"{path} is larger than {SquashfsFileTree.MaxOpenSize >> 20} MiB and is not read."))));
            }
        }

        if (units.Count == 0 && !findings.Any(f => f.Code is InspectionCodes.UnitAbsoluteSymlink or InspectionCodes.UnitNotRegular or InspectionCodes.UnitEmpty))
        {
            findings.Add(Error(InspectionCodes.NoUnits, $"No unit file matches the prefix {string.Join(" or ", prefixes.Select(p => $"'{p}'"))} (a name such as {prefixes[0]}.service, {prefixes[0]}-x.service or {prefixes[0]}@.service in /etc/systemd/system or /usr/lib/systemd/system): portabled would attach nothing.", UnitDirectories[0]));
        }

        return units;
    }

    internal static Diagnostic Error(string code, string message, string? location) => new(code, DiagnosticSeverity.Error, message, location);

    internal static Diagnostic Warning(string code, string message, string? location) => new(code, DiagnosticSeverity.Warning, message, location);
}
