using System.Runtime.Versioning;
namespace PortableService.Tests.Systemd;

/// <summary>
/// Checks for what the real-systemd tests need. A missing prerequisite fails the test with a message
/// that says how to get it; these tests never skip silently (in CI, CI=true, or anywhere else).
/// </summary>
[SupportedOSPlatform("linux")]
public static class SystemdTestPrerequisites
{
    public const string InstallHint =
        "Run `sudo .ci/install-systemd-test-deps.sh` (Debian: debootstrap, systemd-container, squashfs-tools; Debian 12 and 13 roots) and run the tests as root.";

    /// <summary>Linux, root, and /dev/loop-control: needed to boot a container and attach images.</summary>
    public static void RequireRootOnLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new SystemdTestPrerequisiteException("The real-systemd tests run on Linux only.");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new SystemdTestPrerequisiteException(
                "The real-systemd tests need root (systemd-nspawn, nsenter, loop devices). " + InstallHint);
        }

        if (!File.Exists("/dev/loop-control"))
        {
            throw new SystemdTestPrerequisiteException(
                "/dev/loop-control is missing: portabled needs loop devices to attach a .raw image (modprobe loop?).");
        }
    }

    /// <summary>The full path of a program from PATH or the standard directories; fails if absent.</summary>
    public static string RequireTool(string name) =>
        ExternalTool.Find(name) ?? throw new SystemdTestPrerequisiteException($"'{name}' was not found. {InstallHint}");
}

/// <summary>Something the real-systemd tests need is missing from this machine.</summary>
[SupportedOSPlatform("linux")]
public sealed class SystemdTestPrerequisiteException(string message) : Exception(message);
