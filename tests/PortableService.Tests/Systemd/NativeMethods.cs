using System.Runtime.InteropServices;

namespace PortableService.Tests.Systemd;

internal static partial class NativeMethods
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>kill(2): safe to call from a finalizer or a ProcessExit handler.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
