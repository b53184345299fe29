namespace Squashfs.Format;

internal static partial class DirectoryTable
{
    /// <summary>
    /// Writes one directory's listing to <paramref name="table"/>. A header covers at most 256 entries whose inodes lie
    /// in one inode-table block with numbers within ±32767 of its base. A new header also starts at each
    /// directory-table block boundary, so the extended inode's index can point at it and lookups can skip whole blocks.
    /// </summary>
    public static DirectoryListing WriteListing(MetadataWriter table, IReadOnlyList<DirectoryEntry> entries)
    {
        var blockStart = table.BlockStart;
        var blockOffset = table.Offset;
        var startLength = table.UncompressedLength;
        var index = new List<DirectoryIndexEntry>();
        var i = 0;
        while (i < entries.Count)
        {
            var first = entries[i];
            var inodeBlock = MetadataBlock.BlockOf(first.InodeReference);
            var headerTableBlock = table.UncompressedLength / MetadataBlock.Size;
            if (headerTableBlock != startLength / MetadataBlock.Size && (index.Count == 0 || index[^1].DirectoryBlockStart != (uint)table.BlockStart))
            {
                index.Add(new DirectoryIndexEntry((uint)(table.UncompressedLength - startLength), (uint)table.BlockStart, first.Name));
            }

            var count = 1;
            while (i + count < entries.Count && count < MaxEntriesPerHeader)
            {
                var next = entries[i + count];
                var delta = (long)next.InodeNumber - first.InodeNumber;
                if (MetadataBlock.BlockOf(next.InodeReference) != inodeBlock || delta is > short.MaxValue or < short.MinValue)
                {
                    break;
                }

                count++;
            }

            // Stop the run where it would cross into the next directory-table block, so that block starts a header.
            count = LimitToBlock(table, entries, i, count);
            WriteHeader(table, count, (uint)inodeBlock, first.InodeNumber);
            for (var k = i; k < i + count; k++)
            {
                WriteEntry(table, entries[k], first.InodeNumber);
            }

            i += count;
        }

        var listingSize = (uint)(table.UncompressedLength - startLength);
        return new DirectoryListing((uint)blockStart, (ushort)blockOffset, listingSize + ImplicitEntriesSize, index);
    }

    private static int LimitToBlock(MetadataWriter table, IReadOnlyList<DirectoryEntry> entries, int start, int count)
    {
        var position = table.UncompressedLength + HeaderSize;
        var block = table.UncompressedLength / MetadataBlock.Size;
        for (var k = 0; k < count; k++)
        {
            if (k > 0 && position / MetadataBlock.Size != block)
            {
                return k;
            }

            position += EntryFixedSize + entries[start + k].Name.Length;
        }

        return count;
    }

    private static void WriteHeader(MetadataWriter table, int count, uint inodeBlock, uint baseNumber)
    {
        var w = new ByteWriter(stackalloc byte[HeaderSize]);
        w.U32((uint)count - 1);
        w.U32(inodeBlock);
        w.U32(baseNumber);
        table.Write(w.Written);
    }

    private static void WriteEntry(MetadataWriter table, DirectoryEntry entry, uint baseNumber)
    {
        var w = new ByteWriter(stackalloc byte[EntryFixedSize]);
        w.U16((ushort)MetadataBlock.OffsetOf(entry.InodeReference));
        w.U16((ushort)(short)((long)entry.InodeNumber - baseNumber));
        w.U16((ushort)entry.Type.Basic());
        w.U16((ushort)(entry.Name.Length - 1));
        table.Write(w.Written);
        table.Write(entry.Name);
    }
}
