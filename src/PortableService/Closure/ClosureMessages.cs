using PortableService.Diagnostics;

using PortableService.FileTrees;
using Squashfs.Interop;

namespace PortableService.Closure;

/// <summary>
/// The closure's diagnostics (PS2xxx), in one place. Each names the file, who needed it, where it was looked for,
/// and what the user can do.
/// </summary>
internal static class ClosureMessages
{
    public const string RootNotFoundCode = "PS2001";
    public const string LibraryNotFoundCode = "PS2002";
    public const string ElfInterpreterNotFoundCode = "PS2003";
    public const string ScriptInterpreterNotFoundCode = "PS2004";
    public const string FileUnreadableCode = "PS2005";
    public const string ElfMalformedCode = "PS2006";
    public const string UnsupportedFileTypeCode = "PS2007";
    public const string NixDatabaseUnavailableCode = "PS2008";
    public const string StorePathNotRegisteredCode = "PS2009";
    public const string NixStoreCommandFailedCode = "PS2010";
    public const string StorePathMissingCode = "PS2011";
    public const string StoreUnreadableCode = "PS2012";
    public const string ScanFailedCode = "PS2013";
    public const string ScriptInterpreterRelativeCode = "PS2014";
    public const string LdSoCacheUnreadableCode = "PS2015";
    public const string ProgramNotExecutableCode = "PS2017";
    public const string DeviceNodeCode = "PS2018";
    public const string SetIdFileCode = "PS2019";
    public const string InterpreterUnfitCode = "PS2020";
    public const string NotWorldReadableCode = "PS2021";
    public const string ContentLinkDanglesCode = "PS2022";
    public const string NameNotUtf8Code = "PS2023";
    public const string NotCarriedByExtensionCode = "PS2201";
    public const string LeftToBaseCode = "PS2202";
    public const string HierarchyNotInBaseCode = "PS2204";

    private const string AllowMissingHint = "or allow missing files to build without it";

    /// <summary>Templates (the path, why it is copied) of the codes whose fix is an opt-in of the spec: listed in docs/diagnostics.md.</summary>
    public const string DeviceNodeMessage = "{0} ({1}) is a device node: in the image it would give the service the host's device. Leave it out (exclude it); the service manager provides /dev. " +
        "If the image must hold it, allow it in its content: \"allowDevices\": true (--allow-devices).";

    public const string SetIdFileMessage = "{0} ({1}) is set-user-ID or set-group-ID: every file in the image belongs to root, so it would run as root. Clear the bit (chmod u-s,g-s) or leave it out. " +
        "If it must run as root, allow it in its content: \"allowSetId\": true (--allow-set-id).";

    /// <summary>The sentences of a message that say what to do at build time; <c>inspect</c> leaves them out.</summary>
    private static readonly string[] s_advice = [" Fix the path,", " Install it,", " The program cannot start without it:", " Make it readable", " It is copied,", " Name a directory", " Use an absolute path."];

    public static Diagnostic RootNotFound(ClosureRoot root, PathResolution resolution, bool allowMissing) =>
        Missing(RootNotFoundCode, allowMissing, root.HostPath,
            $"{root.HostPath}, named by {root.Reason}, cannot be found: {resolution.DescribeFailure()}. Fix the path, {AllowMissingHint}.");

    public static Diagnostic ProgramNotExecutable(ClosureRoot root, PathResolution resolution) =>
        new(ProgramNotExecutableCode, DiagnosticSeverity.Error,
            $"{root.HostPath}, named by {root.Reason}, is {(resolution.Node.Kind == FileNodeKind.File ? "a file without execute permission" : "not a regular file")} (reached as {resolution.RealPath}): systemd could not run it (status 203/EXEC). Name the program itself, and make it executable.", root.HostPath);

    public static Diagnostic DeviceNode(string path, string reason) =>
        new(DeviceNodeCode, DiagnosticSeverity.Error, string.Format(CultureInfo.InvariantCulture, DeviceNodeMessage, path, reason), path);

    public static Diagnostic SetIdFile(string path, string reason) =>
        new(SetIdFileCode, DiagnosticSeverity.Error, string.Format(CultureInfo.InvariantCulture, SetIdFileMessage, path, reason), path);

    /// <summary>An interpreter (PT_INTERP, a #! line, a command env runs) that the kernel could not execute.</summary>
    public static Diagnostic InterpreterUnfit(string role, string interpreter, string user, string userReason, string why) =>
        new(InterpreterUnfitCode, DiagnosticSeverity.Error,
            $"the {role} {interpreter} of {user} ({userReason}) {why}: the kernel could not run {user} (Exec format error or permission denied). Fix the {role}, or install the right one.", user);

    public static Diagnostic NotWorldReadable(string path, string reason, uint mode) =>
        new(NotWorldReadableCode, DiagnosticSeverity.Error,
            $"{path} ({reason}) is not readable by everyone (mode {Convert.ToString(mode & 0xfff, 8).PadLeft(4, '0')}): files nobody named come in only when anyone may read them, so that a private file never does. Name it in contents if the service needs it, or make it world-readable.", path);

    public static Diagnostic ContentLinkDangles(string link, string target, string reason) =>
        new(ContentLinkDanglesCode, DiagnosticSeverity.Warning,
            $"the symlink {link}, in {reason}, leads out of its content to {target}, which the image does not hold: it is kept as a link, dangling in the image. Add {target} to contents if the service needs it.", link);

    public static Diagnostic NameNotUtf8(string directory, string reason, IReadOnlyList<string> names)
    {
        var (these, them) = names.Count == 1 ? ("a name that is", "it") : ($"{names.Count} names that are", "them");
        return new(NameNotUtf8Code, DiagnosticSeverity.Error,
            $"{directory} ({reason}) holds {these} not UTF-8, such as '{HostFileNames.Display(names[0])}' (the bytes shown as \\xNN), " +
            $"and names in an image are UTF-8, as systemd's settings are. Rename {them} to UTF-8 (convmv -f latin1 -t utf8), or leave {them} out (exclude).", directory);
    }

    public static Diagnostic NotCarriedByExtension(ClosureItem item, string hierarchies, string baseImage) =>
        new(NotCarriedByExtensionCode, DiagnosticSeverity.Error,
            $"{item.HostPath} ({item.Reason}) is not in the base image {baseImage}, and the extension cannot carry it: portabled lays only {hierarchies} of an extension over its base. Use a base image that provides it, or programs that need nothing outside {hierarchies} beyond what the base has.", item.HostPath);

    public static Diagnostic HierarchyNotInBase(string hierarchy, string example, string baseImage) =>
        new(HierarchyNotInBaseCode, DiagnosticSeverity.Error,
            $"the base image {baseImage} has no {hierarchy} directory, so portabled lays the extension's {hierarchy} over nothing and the service never sees {example} or anything else there. Rebuild the base (every portable image gets /usr and /opt), or place the payload under a directory the base has.", hierarchy);

    public static Diagnostic LeftToBase(ClosureItem item, string hierarchies) =>
        new(LeftToBaseCode, DiagnosticSeverity.Warning,
            $"{item.HostPath} ({item.Reason}) is left out: an extension carries only {hierarchies}, so the base image it is attached to must provide it. Give that base (--base IMAGE) to have it checked.", item.HostPath);

    public static Diagnostic LibraryNotFound(string name, string neededBy, string neededByReason, IReadOnlyList<string> searched, bool allowMissing) =>
        Missing(LibraryNotFoundCode, allowMissing, neededBy,
            $"library {name}, needed by {neededBy} ({neededByReason}), was not found. Searched: {string.Join("; ", searched)}. " +
            $"Install it, add its directory to the extra library directories, {AllowMissingHint}.");

    public static Diagnostic ElfInterpreterNotFound(string interpreter, string program, string programReason, PathResolution resolution, bool allowMissing) =>
        Missing(ElfInterpreterNotFoundCode, allowMissing, program,
            $"the ELF interpreter {interpreter} of {program} ({programReason}) cannot be found: {resolution.DescribeFailure()}. " +
            $"The program cannot start without it: install it, {AllowMissingHint}.");

    public static Diagnostic ScriptInterpreterNotFound(string interpreter, string script, string scriptReason, PathResolution resolution, bool allowMissing) =>
        Missing(ScriptInterpreterNotFoundCode, allowMissing, script,
            $"the interpreter {interpreter} named by the #! line of {script} ({scriptReason}) cannot be found: {resolution.DescribeFailure()}. " +
            $"Install it, fix the #! line, {AllowMissingHint}.");

    public static Diagnostic EnvCommandNotFound(string command, string script, string scriptReason, IReadOnlyList<string> path, bool allowMissing) =>
        Missing(ScriptInterpreterNotFoundCode, allowMissing, script,
            $"{command}, run through env by the #! line of {script} ({scriptReason}), was not found on the standard PATH. " +
            $"Searched: {string.Join(", ", path.Select(d => UnixPath.Join(d, command)))}. Install it, name it by its absolute path, {AllowMissingHint}.");

    public static Diagnostic FileUnreadable(string path, string reason, string problem) =>
        new(FileUnreadableCode, DiagnosticSeverity.Error,
            $"{path} ({reason}) cannot be read: {problem.TrimEnd('.')}. Make it readable for the user running the build, or leave it out.", path);

    public static Diagnostic ElfMalformed(string path, string reason, string problem) =>
        new(ElfMalformedCode, DiagnosticSeverity.Warning,
            $"{path} ({reason}) starts like an ELF file but cannot be parsed ({problem}). It is copied, but its libraries are not looked for: name any it needs as extra roots.", path);

    public static Diagnostic UnsupportedFileType(string path, string reason) =>
        new(UnsupportedFileTypeCode, DiagnosticSeverity.Error,
            $"{path} ({reason}) is a FIFO, socket or device node: only regular files, directories and symlinks can be roots. Name a directory that contains it instead.", path);

    public static Diagnostic NixDatabaseUnavailable(string database, string problem, string storePath) =>
        new(NixDatabaseUnavailableCode, DiagnosticSeverity.Error,
            $"the Nix database {database} cannot be read ({problem}), and it is the chosen source of references for {storePath}. " +
            "Run the build as a user that can read it, or choose the nix-store command or a scan as the reference source.", database);

    public static Diagnostic StorePathNotRegistered(string storePath, string database) =>
        new(StorePathNotRegisteredCode, DiagnosticSeverity.Error,
            $"{storePath} is not a valid path in the Nix database {database} (copied into the store without Nix?), so its references are unknown. " +
            "Register it with Nix (nix copy, nix-store --load-db), or choose a scan as the reference source.", storePath);

    public static Diagnostic NixStoreCommandFailed(string storePath, string problem) =>
        new(NixStoreCommandFailedCode, DiagnosticSeverity.Error,
            $"the closure of {storePath} could not be asked from Nix: {problem}. Install Nix, or choose the database or a scan as the reference source.", storePath);

    public static Diagnostic StorePathMissing(string storePath, string referrer, bool allowMissing) =>
        Missing(StorePathMissingCode, allowMissing, storePath,
            $"{storePath}, referenced by {referrer}, is missing from the store. Restore it (nix-store --realise or --repair-path), {AllowMissingHint}.");

    public static Diagnostic StoreUnreadable(string storeDirectory, string problem, string storePath) =>
        new(StoreUnreadableCode, DiagnosticSeverity.Error,
            $"the store directory {storeDirectory} cannot be listed ({problem}), so {storePath} cannot be scanned for references. " +
            "Make it readable, or choose the Nix database or the nix-store command as the reference source.", storeDirectory);

    public static Diagnostic ScanFailed(string storePath, string problem) =>
        new(ScanFailedCode, DiagnosticSeverity.Error,
            $"scanning {storePath} for references failed: {problem}. Make the store path readable, or choose the Nix database as the reference source.", storePath);

    public static Diagnostic ScriptInterpreterRelative(string interpreter, string script, string reason) =>
        new(ScriptInterpreterRelativeCode, DiagnosticSeverity.Warning,
            $"the #! line of {script} ({reason}) names the relative path {interpreter}, which the kernel looks up from the working directory at run time; it is not included. Use an absolute path.", script);

    public static Diagnostic LdSoCacheUnreadable(string problem) =>
        new(LdSoCacheUnreadableCode, DiagnosticSeverity.Warning,
            $"{problem}; libraries were looked for in the system directories and ld.so.conf's directories instead. Run ldconfig to rebuild it.", null);

    /// <summary>A message without its build-time advice: what was found wrong, for a finding about an image.</summary>
    public static string WithoutAdvice(string message)
    {
        var cut = s_advice.Select(a => message.IndexOf(a, StringComparison.Ordinal)).Where(i => i > 0).DefaultIfEmpty(message.Length).Min();
        return message[..cut];
    }

    private static Diagnostic Missing(string code, bool allowMissing, string location, string message) =>
        new(code, allowMissing ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, message, location);
}
