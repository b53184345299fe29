using System.Text;
using Squashfs.Reading;
using Squashfs.Tree;

namespace Squashfs.Format;

internal static partial class DirectoryTable
{
    /// <summary>
    /// Reads and checks one directory's listing from an untrusted image, entry by entry as the caller walks it: headers
    /// within <paramref name="fileSize"/> and of at most 256 entries, names valid and not repeated.
    /// </summary>
    /// <param name="location">The directory's path, for messages.</param>
    public static IEnumerable<DirectoryEntry> ReadListing(MetadataCursor cursor, uint fileSize, string location)
    {
        if (fileSize < ImplicitEntriesSize)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadInodeField, location, "file_size", fileSize));
        }

        return ReadEntries(cursor, (long)fileSize - ImplicitEntriesSize, location);
    }

    private static IEnumerable<DirectoryEntry> ReadEntries(MetadataCursor cursor, long remaining, string location)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (remaining > 0)
        {
            remaining -= HeaderSize;
            var count = cursor.U32() + 1;
            var inodeBlock = cursor.U32();
            var baseNumber = cursor.U32();
            if (count > MaxEntriesPerHeader || remaining < 0)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadDirectoryHeader, location, count));
            }

            for (var i = 0; i < count; i++)
            {
                var offset = cursor.U16();
                var delta = (short)cursor.U16();
                var type = (InodeType)cursor.U16();
                var nameSize = cursor.U16() + 1;
                remaining -= EntryFixedSize + nameSize;
                if (remaining < 0 || nameSize > ImageName.MaxLength)
                {
                    throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadDirectoryHeader, location, count));
                }

                var name = cursor.ReadBytes(nameSize);
                var text = Encoding.UTF8.GetString(name);
                if (!ImageName.IsValid(text) || !names.Add(text))
                {
                    throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadEntryName, location, text));
                }

                yield return new DirectoryEntry(name, MetadataBlock.Reference(inodeBlock, offset), (uint)(baseNumber + delta), type);
            }
        }
    }
}
