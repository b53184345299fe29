using Squashfs.Compression;
using Squashfs.Reading;

namespace Squashfs.Format;

internal static partial class ExportTable
{
    /// <summary>Opens the table of an untrusted image of <paramref name="inodeCount"/> inodes.</summary>
    public static LookupTable Read(ImageSource source, ISquashfsCompressor compressor, ulong indexStart, uint inodeCount) =>
        LookupTable.Read(source, compressor, indexStart, inodeCount, EntrySize, "export table");
}
