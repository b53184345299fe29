using System.Buffers.Binary;
using Squashfs.Compression;

namespace Squashfs.Format;

/// <summary>
/// Writes a metadata table (inodes, directories, lookup tables): a sequence of 8 KiB blocks, each compressed when that
/// makes it smaller, kept in memory until the table is copied to the image.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A MemoryStream holds only managed memory; disposing it frees nothing.")]
internal sealed class MetadataWriter(ISquashfsCompressor compressor, bool compress = true)
{
    private readonly MemoryStream _output = new();
    private readonly byte[] _block = new byte[MetadataBlock.Size];
    private readonly byte[] _scratch = new byte[MetadataBlock.Size];
    private int _fill;

    /// <summary>On-disk offset, relative to the table start, of the block being filled.</summary>
    public ulong BlockStart => (ulong)_output.Length;

    /// <summary>Offset inside the uncompressed block being filled.</summary>
    public int Offset => _fill;

    /// <summary>Where the next byte written will be, as a metadata reference.</summary>
    public ulong Position => MetadataBlock.Reference(BlockStart, _fill);

    /// <summary>Bytes written so far, counted uncompressed.</summary>
    public long UncompressedLength { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        UncompressedLength += data.Length;
        while (!data.IsEmpty)
        {
            var n = Math.Min(data.Length, MetadataBlock.Size - _fill);
            data[..n].CopyTo(_block.AsSpan(_fill));
            _fill += n;
            data = data[n..];
            if (_fill == MetadataBlock.Size)
            {
                FlushBlock();
            }
        }
    }

    /// <summary>Writes out a partly filled last block. The table is then complete.</summary>
    public void Finish()
    {
        if (_fill > 0)
        {
            FlushBlock();
        }
    }

    public long Length => _output.Length;

    public void CopyTo(Stream destination)
    {
        Finish();
        _output.Position = 0;
        _output.CopyTo(destination);
    }

    private void FlushBlock()
    {
        Span<byte> header = stackalloc byte[MetadataBlock.HeaderSize];
        var size = compress ? compressor.Compress(_block.AsSpan(0, _fill), _scratch) : 0;
        if (size > 0)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)size);
            _output.Write(header);
            _output.Write(_scratch, 0, size);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(_fill | MetadataBlock.UncompressedBit));
            _output.Write(header);
            _output.Write(_block, 0, _fill);
        }

        _fill = 0;
    }
}
