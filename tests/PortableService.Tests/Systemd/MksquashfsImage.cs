using System.Runtime.Versioning;
namespace PortableService.Tests.Systemd;

/// <summary>
/// Makes a squashfs image with Debian's mksquashfs, the way nixpkgs' portableService does. A stand-in
/// for tests until they use the project's own image builder.
/// </summary>
[SupportedOSPlatform("linux")]
public static class MksquashfsImage
{
    /// <summary>
    /// <c>mksquashfs TREE OUT -noappend -all-root -comp xz -b 1M</c>, timestamps from SOURCE_DATE_EPOCH=0.
    /// </summary>
    public static string Create(string treeDirectory, string outputPath, string compression = "xz")
    {
        var mksquashfs = SystemdTestPrerequisites.RequireTool("mksquashfs");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        var argv = new List<string>
        {
            mksquashfs, treeDirectory, outputPath,
            "-noappend", "-all-root", "-no-progress", "-quiet", "-b", "1M", "-comp",
        };
        argv.AddRange(compression.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        ProcessRunner.Run(argv, TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "0" })
            .EnsureSuccess();
        return outputPath;
    }
}
