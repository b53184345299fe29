using System.Text;
using SharpFuzz;
using Squashfs;
using Squashfs.Compression;
using Squashfs.Fuzz;
using Squashfs.Tree;

// Usage:
//   Squashfs.Fuzz                      the AFL++ target (stdin or @@ via SharpFuzz's fork server)
//   Squashfs.Fuzz --replay FILE...     runs each input once; exit 1 if any ends in an unacceptable exception
//   Squashfs.Fuzz --make-corpus DIR    writes small seed images, one per compressor, with our writer
var scratch = Directory.CreateTempSubdirectory("squashfs-fuzz-").FullName;
try
{
    switch (args)
    {
        case ["--make-corpus", var directory]:
            SeedImages.Write(directory);
            return 0;
        case ["--replay", .. var files]:
            return Replay(files, scratch);
        case []:
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                _ = Run(buffer.ToArray(), scratch);
            });
            return 0;
        default:
            Console.Error.WriteLine("usage: Squashfs.Fuzz [--replay FILE... | --make-corpus DIR]");
            return 2;
    }
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

// Acceptable outcomes are returned; anything else escapes and AFL++ records a crash.
static Exception? Run(byte[] image, string scratch)
{
    var extracting = false;
    try
    {
        ImageExerciser.Exercise(image, scratch, () => extracting = true);
        return null;
    }
    catch (Exception e) when (ImageExerciser.IsAcceptable(e, extracting))
    {
        return e;
    }
}

static int Replay(string[] files, string scratch)
{
    var failures = 0;
    foreach (var file in files)
    {
        try
        {
            var rejected = Run(File.ReadAllBytes(file), scratch);
            Console.WriteLine(rejected is null ? $"ok       {file}" : $"rejected {file}: {rejected.GetType().Name}: {rejected.Message}");
        }
        catch (Exception e)
        {
            failures++;
            Console.WriteLine($"CRASH    {file}: {e}");
        }
    }

    return failures == 0 ? 0 : 1;
}

/// <summary>Small images of every kind of entry, one per compressor, for the seed corpus.</summary>
internal static class SeedImages
{
    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var compression in new[] { "gzip", "xz", "lzma", "lzo", "lz4", "zstd" })
        {
            var options = new SquashfsWriterOptions
            {
                Compression = CompressionSettings.Parse(compression),
                BlockSize = 4096,
                FilesystemTime = 1,
                AllModificationTime = 1,
            };
            using var stream = new MemoryStream();
            SquashfsWriter.Write(Tree(), stream, options);
            File.WriteAllBytes(Path.Join(directory, $"native-{compression}.sqfs"), Trim(stream.ToArray()));
        }

        // Uncompressed metadata and an export table: mutations then reach the inode, directory and table parsers
        // directly instead of dying in a decompressor.
        using var plain = new MemoryStream();
        SquashfsWriter.Write(Tree(), plain, new SquashfsWriterOptions
        {
            Compression = CompressionSettings.Parse("lz4"),
            BlockSize = 4096,
            FilesystemTime = 1,
            AllModificationTime = 1,
            CompressInodes = false,
            ExportTable = true,
        });
        File.WriteAllBytes(Path.Join(directory, "native-lz4-uncompressed-metadata.sqfs"), Trim(plain.ToArray()));
    }

    private static ImageDirectory Tree()
    {
        var root = ImageDirectory.CreateRoot();
        var etc = root.Add(new ImageDirectory("etc"));
        var release = etc.Add(new ImageFile("os-release", FileContent.FromBytes("ID=fuzz\nPORTABLE_PREFIXES=fuzz\n"u8.ToArray())));
        var text = new StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            text.Append(i).Append(" lines of text that span two data blocks\n");
        }

        root.Add(new ImageFile("blocks", FileContent.FromBytes(Encoding.ASCII.GetBytes(text.ToString()))));
        root.Add(new ImageFile("sparse", FileContent.FromBytes(new byte[8192])));
        root.Add(new ImageFile("empty", FileContent.FromBytes([])));
        root.Add(new ImageSymlink("link", "etc/os-release"));
        root.Add(new ImageSymlink("up", "../../outside"));
        root.Add(new ImageHardLink("hard", release));
        root.Add(new ImageDevice("null", DeviceKind.Character, 1, 3, (UnixFileMode)0b110_110_110));
        root.Add(new ImageSpecialFile("fifo", SpecialFileKind.Fifo, (UnixFileMode)0b110_100_100));
        var deep = root.Add(new ImageDirectory("a")).Add(new ImageDirectory("b"));
        var c = deep.Add(new ImageFile("c", FileContent.FromBytes("c"u8.ToArray())));
        c.Xattrs.Add(new ImageXattr("user.fuzz", "x"u8.ToArray()));
        return root;
    }

    /// <summary>The image without its padding to 4 KiB: the reader needs only the bytes used.</summary>
    private static byte[] Trim(byte[] image) => image[..(int)BitConverter.ToUInt64(image, 40)];
}
