using PortableService.Diagnostics;
using PortableService.FileTrees;
using PortableService.Spec;
using PortableService.Systemd;

namespace PortableService.Inspection;

/// <summary>
/// Checks a service against the profile it is attached with, as systemd will run it: a JIT under
/// <c>MemoryDenyWriteExecute=</c>, programs and directories the sandbox hides or replaces, users nobody provides, a
/// missing working directory, and a listening address the sandbox forbids.
/// </summary>
internal sealed class ProfileChecker(IFileTree image, PortableProfile profile)
{
    private readonly PathResolver _files = new(image);

    /// <summary>Checks the unit; returns the programs it runs that the sandbox hides (PS4032), which need no other finding.</summary>
    public IReadOnlySet<string> Check(InspectedUnit unit, List<Diagnostic> findings)
    {
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        var settings = new ServiceSettings(unit.Text, profile);
        var where = $"{unit.Name} under the '{profile.Name}' profile ({profile.Source})";
        var commands = UnitFile.Settings(unit.Text, "Service").Where(s => s.Key.StartsWith("Exec", StringComparison.Ordinal)).ToList();
        var detector = new RuntimeDetector(_files);
        var dotNet = false;
        foreach (var (key, program) in Closure.UnitFileRoots.ExecPrograms(unit.Text).Where(p => p.Program.StartsWith('/')).DistinctBy(p => p.Program))
        {
            var argument = commands.Where(c => c.Key == key).SelectMany(c => Words(c.Value).Skip(1)).FirstOrDefault();
            var (runtime, evidence) = detector.Detect(program, argument);
            dotNet |= runtime == RuntimeKind.DotNetJit;
            if (runtime != RuntimeKind.Native && settings.MemoryDenyWriteExecute)
            {
                var fix = runtime == RuntimeKind.DotNetJit ? " For .NET, publish with Native AOT (-p:PublishAot=true)," : string.Empty;
                findings.Add(ImageInspector.Error(InspectionCodes.JitUnderMemoryDenyWriteExecute,
                    $"{where}: {key}={program} runs a JIT ({evidence}), and the profile sets MemoryDenyWriteExecute=yes: the service dies with status=11/SEGV before it logs a line.{fix} or attach with --profile=trusted, the only standard profile without it.", unit.Path));
            }

            if (CheckHidden(where, $"{key}={program}", program, settings, unit, findings))
            {
                hidden.Add(program);
            }
        }

        foreach (var path in commands.SelectMany(c => Words(c.Value).Skip(1)).Where(w => w.StartsWith('/') && _files.Resolve(w).Succeeded).Distinct())
        {
            CheckHidden(where, $"the argument {path}", path, settings, unit, findings);
        }

        CheckWorkingDirectory(where, settings, unit, findings);
        CheckUser(where, settings, unit, findings);
        if (dotNet && !settings.Environment.ContainsKey("HOME") && settings.Get("User") is null && !settings.DynamicUser && !HasPasswdEntry("root"))
        {
            findings.Add(ImageInspector.Warning(InspectionCodes.HomeUnset,
                $"{where}: a .NET service without HOME and without an /etc/passwd entry for its user: TLS and other code that looks for the home directory fail. Add Environment=HOME=/var/lib/{unit.Name[..unit.Name.LastIndexOf('.')]} (with StateDirectory=), or an /etc/passwd.", unit.Path));
        }

        if (dotNet)
        {
            CheckNetwork(where, settings, unit, findings);
        }

        return hidden;
    }

    /// <summary>Reports <paramref name="path"/> when the sandbox lays something over it; returns whether it did.</summary>
    private bool CheckHidden(string where, string what, string path, ServiceSettings settings, InspectedUnit unit, List<Diagnostic> findings)
    {
        string? hiddenBy = null;
        if (settings.PrivateTmp && (ImagePath.IsUnder(path, "/tmp") || ImagePath.IsUnder(path, "/var/tmp")))
        {
            hiddenBy = "PrivateTmp= (or DynamicUser=, which implies it) gives the service an empty /tmp and /var/tmp";
        }
        else if (settings.HidesHome && (ImagePath.IsUnder(path, "/home") || ImagePath.IsUnder(path, "/root") || ImagePath.IsUnder(path, "/run/user")))
        {
            hiddenBy = "ProtectHome= hides /home, /root and /run/user";
        }
        else if (settings.MountApiFileSystems && ImageScaffold.ApiFileSystems.Any(d => ImagePath.IsUnder(path, d)))
        {
            hiddenBy = "MountAPIVFS= mounts /proc, /sys, /dev and /run over the image's own";
        }

        if (hiddenBy is null)
        {
            return false;
        }

        // /proc/self/exe, say, is no file of the image: at run time it is whatever the kernel shows there.
        var message = _files.Resolve(path).Succeeded
            ? $"{where}: {what} is in the image at {path}, but {hiddenBy}: the service never sees it (a program there fails with status 203/EXEC). Place it elsewhere, such as under /opt or /usr."
            : $"{where}: {what} is no file of the image: {hiddenBy}, so at run time {path} is whatever is mounted there. Give a path in the image, such as under /opt or /usr.";
        findings.Add(ImageInspector.Error(InspectionCodes.PathHiddenByProfile, message, unit.Path));
        return true;
    }

    private void CheckWorkingDirectory(string where, ServiceSettings settings, InspectedUnit unit, List<Diagnostic> findings)
    {
        if (settings.Get("WorkingDirectory")?.Trim() is not { Length: > 0 } directory || directory.StartsWith('-') || directory == "~")
        {
            return;
        }

        if (!_files.Resolve(directory).Succeeded && !settings.IsTrue("StateDirectory") && settings.Get("StateDirectory") is null)
        {
            findings.Add(ImageInspector.Error(InspectionCodes.WorkingDirectoryMissing,
                $"{where}: WorkingDirectory={directory} is not in the image: the service fails with status 200/CHDIR. Add the directory to the image, or write WorkingDirectory=-{directory}.", unit.Path));
            return;
        }

        CheckHidden(where, $"WorkingDirectory={directory}", directory, settings, unit, findings);
    }

    private void CheckUser(string where, ServiceSettings settings, InspectedUnit unit, List<Diagnostic> findings)
    {
        if (settings.DynamicUser)
        {
            return;
        }

        foreach (var (key, database) in new[] { ("User", "/etc/passwd"), ("Group", "/etc/group") })
        {
            if (settings.Get(key)?.Trim() is { Length: > 0 } name && !name.All(char.IsAsciiDigit) && name != "root" && !HasEntry(database, name))
            {
                findings.Add(ImageInspector.Error(InspectionCodes.UserUnknown,
                    $"{where}: {key}={name}, but the image's {database} has no such entry and the profile does not set DynamicUser=yes: the service fails with status 217/USER. Add the entry, use a numeric id, or set DynamicUser=yes.", unit.Path));
            }
        }
    }

    /// <summary>An ASP.NET Core app's listening address (ASPNETCORE_URLS) against the address families the sandbox allows.</summary>
    private static void CheckNetwork(string where, ServiceSettings settings, InspectedUnit unit, List<Diagnostic> findings)
    {
        if (!settings.Environment.TryGetValue("ASPNETCORE_URLS", out var urls) || !urls.Contains("://", StringComparison.Ordinal) || urls.Contains("unix:", StringComparison.Ordinal))
        {
            return;
        }

        if (settings.AddressFamilies is { } families && !families.Contains("AF_INET") && !families.Contains("AF_INET6"))
        {
            findings.Add(ImageInspector.Error(InspectionCodes.AddressFamilyRestricted,
                $"{where}: ASPNETCORE_URLS={urls} listens on IP, but RestrictAddressFamilies= allows only {string.Join(' ', families.Order(StringComparer.Ordinal))}: binding fails. Listen on a unix socket (http://unix:/run/...), or use a profile that allows AF_INET.", unit.Path));
        }
        else if (settings.PrivateNetwork)
        {
            findings.Add(ImageInspector.Warning(InspectionCodes.AddressFamilyRestricted,
                $"{where}: ASPNETCORE_URLS={urls} listens on IP, but PrivateNetwork=yes leaves the service only its own loopback: nobody outside can reach it.", unit.Path));
        }
    }

    private bool HasPasswdEntry(string user) => HasEntry("/etc/passwd", user);

    private bool HasEntry(string database, string name)
    {
        try
        {
            return _files.ReadFile(database, 1 << 20) is { } bytes
                && System.Text.Encoding.UTF8.GetString(bytes).Split('\n').Any(line => line.StartsWith(name + ":", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Words(string commandLine) => UnitWords.Split(commandLine).Select(w => w.Word);
}
