using System.Globalization;
using System.Runtime.InteropServices;

namespace DiskImages.Gpt;

/// <summary>
/// The root, root-verity and root-verity-sig partition types of the Discoverable Partitions Specification, as
/// systemd's <c>sd-gpt.h</c> defines them (and <c>systemd-id128 show</c> lists them), by architecture.
/// </summary>
public static class DiscoverablePartitionTypes
{
    private static readonly DiscoverableArchitecture[] Known =
    [
        new("x86-64", new("4f68bce3-e8cd-4db1-96e7-fbcaf984b709"), new("2c7357ed-ebd2-46d9-aec1-23d437ec2bf5"), new("41092b05-9fc8-4523-994f-2def0408b176")),
        new("arm64", new("b921b045-1df0-41c3-af44-4c6f280d3fae"), new("df3300ce-d69f-4c92-978c-9bfb0f38d820"), new("6db69de6-29f4-4758-a7a5-962190f00ce3")),
        new("x86", new("44479540-f297-41b2-9af7-d131d5f0458a"), new("d13c5d3b-b5d1-422a-b29f-9454fdc89d76"), new("5996fc05-109c-48de-808b-23fa0830b676")),
        new("arm", new("69dad710-2ce4-4e3c-b16c-21a1d49abed3"), new("7386cdf2-203c-47a9-a498-f2ecce45a2d6"), new("42b0455f-eb11-491d-98d3-56145ba9d037")),
        new("riscv64", new("72ec70a6-cf74-40e6-bd49-4bda08e8f224"), new("b6ed5582-440b-4209-b8da-5ff7c419ea3d"), new("efe0f087-ea8d-4469-821a-4c2a96a8386a")),
        new("loongarch64", new("77055800-792c-4f94-b39a-98c91b762bb6"), new("f3393b22-e9af-4613-a948-9d3bfbd0c535"), new("5afb67eb-ecc8-4f85-ae8e-ac1e7c50e7d0")),
        new("ppc64-le", new("c31c45e6-3f39-412e-80fb-4809c4980599"), new("906bd944-4589-4aae-a4e4-dd983917446a"), new("d4a236e7-e873-4c07-bf1d-bf6cf7f1c3c6")),
        new("s390x", new("5eead9a9-fe09-4a1e-a1d7-520d00531306"), new("b325bfbe-c7be-4ab8-8357-139e652d2f6b"), new("c80187a5-73a3-491a-901a-017c3fa953e9")),
    ];

    // The kernel's (uname -m) names for the same architectures.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["x86_64"] = "x86-64",
        ["amd64"] = "x86-64",
        ["aarch64"] = "arm64",
        ["i686"] = "x86",
        ["i386"] = "x86",
        ["armv7l"] = "arm",
        ["ppc64le"] = "ppc64-le",
    };

    /// <summary>All architectures known here.</summary>
    public static IReadOnlyList<DiscoverableArchitecture> All => Known;

    /// <summary>The types of an architecture by systemd's name (<c>x86-64</c>, <c>arm64</c>...) or the kernel's (<c>x86_64</c>, <c>aarch64</c>...).</summary>
    /// <exception cref="ArgumentException">The architecture is not known.</exception>
    public static DiscoverableArchitecture Get(string architecture)
    {
        ArgumentException.ThrowIfNullOrEmpty(architecture);
        var name = Aliases.GetValueOrDefault(architecture, architecture);
        return Known.FirstOrDefault(a => a.Name == name)
            ?? throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.UnknownArchitecture, architecture, string.Join(", ", Known.Select(a => a.Name))), nameof(architecture));
    }

    /// <summary>The types of the architecture this process runs on.</summary>
    /// <exception cref="PlatformNotSupportedException">The architecture has no discoverable partition types here.</exception>
    public static DiscoverableArchitecture Native => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => Get("x86-64"),
        Architecture.Arm64 => Get("arm64"),
        Architecture.X86 => Get("x86"),
        Architecture.Arm => Get("arm"),
        Architecture.RiscV64 => Get("riscv64"),
        Architecture.LoongArch64 => Get("loongarch64"),
        Architecture.Ppc64le => Get("ppc64-le"),
        Architecture.S390x => Get("s390x"),
        var other => throw new PlatformNotSupportedException(string.Format(CultureInfo.InvariantCulture, Strings.UnknownArchitecture, other, string.Join(", ", Known.Select(a => a.Name)))),
    };
}
