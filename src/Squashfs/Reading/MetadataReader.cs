using System.Buffers.Binary;
using Squashfs.Compression;
using Squashfs.Format;

namespace Squashfs.Reading;

/// <summary>
/// Reads a metadata table (inodes, directories, lookup tables) that starts at <c>tableStart</c> and must end before
/// <c>tableEnd</c>. Decompressed blocks are cached, so walking a tree does not decompress a block twice.
/// </summary>
internal sealed class MetadataReader(ImageSource source, ISquashfsCompressor compressor, ulong tableStart, ulong tableEnd, string tableName)
{
    private const int CacheLimit = 256;
    private readonly Dictionary<ulong, (byte[] Data, ulong Next)> _cache = [];
    private readonly Lock _lock = new();

    public string TableName => tableName;

    /// <summary>A cursor at a reference (block start relative to the table, offset inside the block).</summary>
    public MetadataCursor At(ulong reference) => new(this, MetadataBlock.BlockOf(reference), MetadataBlock.OffsetOf(reference));

    public MetadataCursor At(ulong blockStart, int offset) => new(this, blockStart, offset);

    /// <summary>Returns the uncompressed block at a table-relative position and the position of the block after it.</summary>
    internal (byte[] Data, ulong Next) Block(ulong relative)
    {
        lock (_lock)
        {
            if (_cache.TryGetValue(relative, out var cached))
            {
                return cached;
            }
        }

        var absolute = tableStart + relative;
        if (relative > tableEnd - tableStart || absolute + MetadataBlock.HeaderSize > tableEnd)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.MetadataOutOfTable, tableName, absolute));
        }

        Span<byte> header = stackalloc byte[MetadataBlock.HeaderSize];
        source.Read((long)absolute, header, tableName);
        var word = BinaryPrimitives.ReadUInt16LittleEndian(header);
        var size = word & ~MetadataBlock.UncompressedBit;
        if (size == 0 || size > MetadataBlock.Size || absolute + MetadataBlock.HeaderSize + (ulong)size > tableEnd)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BadMetadataBlock, tableName, absolute, size));
        }

        var raw = new byte[size];
        source.Read((long)absolute + MetadataBlock.HeaderSize, raw, tableName);
        byte[] data;
        if ((word & MetadataBlock.UncompressedBit) != 0)
        {
            data = raw;
        }
        else
        {
            var buffer = new byte[MetadataBlock.Size];
            int length;
            lock (_lock)
            {
                length = Decompress(raw, buffer, absolute);
            }

            data = buffer[..length];
        }

        var entry = (data, relative + MetadataBlock.HeaderSize + (ulong)size);
        lock (_lock)
        {
            if (_cache.Count >= CacheLimit)
            {
                _cache.Clear();
            }

            _cache[relative] = entry;
        }

        return entry;
    }

    private int Decompress(byte[] raw, byte[] buffer, ulong absolute)
    {
        try
        {
            return compressor.Decompress(raw, buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.CorruptMetadataBlock, tableName, absolute, e.Message), e);
        }
    }
}
