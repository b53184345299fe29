using DiskImages.Tests.Support;

namespace DiskImages.Tests.Gpt;

/// <summary>A small real squashfs image made by mksquashfs (padded to 4 KiB, as it does by default).</summary>
internal static class SquashfsImage
{
    public static string Make(TempDirectory dir, string name = "root.raw")
    {
        var tree = dir.Combine("tree");
        Directory.CreateDirectory(Path.Join(tree, "usr", "bin"));
        Directory.CreateDirectory(Path.Join(tree, "etc"));
        File.WriteAllText(Path.Join(tree, "etc", "os-release"), "ID=test\nPORTABLE_PREFIXES=hello\n");
        File.WriteAllBytes(Path.Join(tree, "usr", "bin", "hello"), TestData.Bytes(300_000, seed: 42));
        var image = dir.Combine(name);
        ExternalTool.RunChecked("mksquashfs", tree, image, "-noappend", "-all-root", "-quiet", "-comp", "gzip");
        return image;
    }
}
