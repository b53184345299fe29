using System.Buffers.Binary;
using System.Text;
using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;
using Squashfs.Reading;
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
    /// Inspects the image, a naked squashfs (with its verity sidecars) or a discoverable disk image, as portabled would
    /// attach it with the options' profile.
    /// </summary>
    public static InspectionReport Inspect(string imagePath, InspectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        var profile = options?.Profile ?? PortableProfile.Find("default")!;
        var findings = new List<Diagnostic>();

        // A FIFO or a device would block the reads below, or never end: only a regular file is an image.
        if (FileProbe.Of(imagePath) is { TargetKind: not FileKind.Regular } probe)
        {
            findings.Add(Error(InspectionCodes.UnreadableImage, $"{imagePath} is a {FileProbe.Describe(probe.TargetKind)}, not an image file: give the image (NAME.raw).", imagePath));
            return new InspectionReport(imagePath, [PrefixOf(Path.GetFileName(imagePath))], null, new Dictionary<string, string>(), [], findings) { Profile = profile };
        }

        var verification = ImageVerifier.Verify(imagePath, options, findings, cancellationToken);
        var name = Path.GetFileName(imagePath);
        if (!name.EndsWith(".raw", StringComparison.Ordinal))
        {
            findings.Add(Error(InspectionCodes.NotRaw, $"The image file name '{name}' does not end in .raw: portabled only attaches .raw image files.", imagePath));
        }

        var filePrefix = PrefixOf(name);
        if (!IsValidPrefix(filePrefix))
        {
            findings.Add(Error(InspectionCodes.InvalidPrefix, $"The prefix '{filePrefix}' taken from the file name (up to the first '_') is not valid: portabled accepts only [A-Za-z0-9.-]. Rename the image to <pname>_<version>.raw.", imagePath));
        }

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

        using (reader)
        {
            return Inspect(imagePath, reader, filePrefix, findings, profile, options, cancellationToken) with { Verification = verification };
        }
    }

    private static InspectionReport Inspect(string imagePath, SquashfsReader reader, string filePrefix, List<Diagnostic> findings, PortableProfile profile, InspectionOptions? options, CancellationToken cancellationToken)
    {
        // Reading is lazy: a corrupt block (one that a failed verity check names, say) surfaces only where it is read.
        try
        {
            if (reader.Resolve("/etc/os-release") is null && FindExtensionRelease(reader) is { } extension)
            {
                return InspectExtension(imagePath, reader, extension, filePrefix, findings, profile, options?.Base);
            }

            var (osReleasePath, osRelease) = ReadOsRelease(reader, findings);
            var prefixes = Prefixes(osRelease, filePrefix, findings);
            var units = FindUnits(reader, prefixes, findings);
            foreach (var mountPoint in MountPoints)
            {
                if (reader.Resolve(mountPoint) is null)
                {
                    findings.Add(Error(InspectionCodes.MissingMountPoint, $"{mountPoint} is missing: the portable profiles mount over it, and a read-only image cannot get it created, so the service would fail to start. Create it in the image (empty).", mountPoint));
                }
            }

            findings.AddRange(CheckServices(new SquashfsFileTree(reader), units, profile, cancellationToken));
            return new InspectionReport(imagePath, prefixes, osReleasePath, osRelease, units, findings) { Profile = profile };
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
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
        findings.Add(Error(InspectionCodes.UnreadableImage, $"Not a readable squashfs image: {e.Message}", imagePath));
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
            services.Check(unit, findings, cancellationToken);
            sandbox.Check(unit, findings);
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

    private static (string? Path, IReadOnlyDictionary<string, string> Fields) ReadOsRelease(SquashfsReader reader, List<Diagnostic> findings)
    {
        foreach (var path in new[] { "/etc/os-release", "/usr/lib/os-release" })
        {
            if (reader.Resolve(path) is { Kind: SquashfsEntryKind.File } entry)
            {
                var fields = OsRelease.Parse(Encoding.UTF8.GetString(reader.ReadAllBytes(entry)));
                if (!fields.TryGetValue("ID", out var id) || id.Length == 0)
                {
                    findings.Add(Error(InspectionCodes.NoId, $"{path} has no ID= (or an empty one): portabled refuses such an image. Add ID=<your distribution or service>.", path));
                }

                return (path, fields);
            }
        }

        findings.Add(Error(InspectionCodes.NoOsRelease, "Neither /etc/os-release nor /usr/lib/os-release is in the image: portabled refuses it. Add an os-release file with ID= and PORTABLE_PREFIXES=.", "/etc/os-release"));
        return (null, new Dictionary<string, string>());
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

    private static List<InspectedUnit> FindUnits(SquashfsReader reader, string[] prefixes, List<Diagnostic> findings)
    {
        var units = new List<InspectedUnit>();
        foreach (var directoryPath in UnitDirectories)
        {
            if (reader.Resolve(directoryPath) is not { Kind: SquashfsEntryKind.Directory } directory)
            {
                continue;
            }

            foreach (var entry in reader.GetChildren(directory))
            {
                if (!prefixes.Any(p => SystemdUnitName.IsAttachedBy(entry.Name, p)) || units.Any(u => u.Name == entry.Name))
                {
                    continue;
                }

                var path = directoryPath + "/" + entry.Name;
                if (entry.Kind == SquashfsEntryKind.Symlink && entry.SymlinkTarget!.StartsWith('/'))
                {
                    findings.Add(Error(InspectionCodes.UnitAbsoluteSymlink, $"{path} is a symlink to the absolute path {entry.SymlinkTarget}: portabled does not follow it into the image, finds no unit and refuses the image. Store the unit as a regular file.", path));
                    continue;
                }

                if ((entry.Kind == SquashfsEntryKind.Symlink ? reader.Resolve(path) : entry) is not { Kind: SquashfsEntryKind.File } file)
                {
                    findings.Add(Error(InspectionCodes.UnitNotRegular, $"{path} is not a regular file: portabled can only attach unit files.", path));
                    continue;
                }

                if (file.Size == 0)
                {
                    findings.Add(Error(InspectionCodes.UnitEmpty, $"{path} is empty: portabled skips it, and with no other unit it refuses the image. Give the unit its content.", path));
                    continue;
                }

                units.Add(new InspectedUnit(entry.Name, path, Encoding.UTF8.GetString(reader.ReadAllBytes(file))));
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
