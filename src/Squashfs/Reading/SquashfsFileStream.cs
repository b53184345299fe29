using Squashfs.Format;

namespace Squashfs.Reading;

/// <summary>Reads a regular file's data block by block: data blocks first, then the tail from its fragment.</summary>
internal sealed class SquashfsFileStream : Stream
{
    private readonly SquashfsReader _reader;
    private readonly SquashfsEntry _entry;
    private readonly Inode _inode;
    private readonly ulong _dataBlocks;
    private readonly byte[] _block;
    private readonly MetadataCursor _sizes;
    private ulong _nextBlock;
    private ulong _nextBlockPosition;
    private int _blockLength;
    private int _blockOffset;
    private long _position;

    public SquashfsFileStream(SquashfsReader reader, SquashfsEntry entry)
    {
        _reader = reader;
        _entry = entry;
        _inode = entry.Inode;
        _dataBlocks = _inode.DataBlockCount((uint)reader.BlockSize);
        _block = new byte[reader.BlockSize];
        _sizes = reader.BlockList(_inode);
        _nextBlockPosition = _inode.BlocksStart;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => (long)_inode.FileSize;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= Length || buffer.IsEmpty)
        {
            return 0;
        }

        if (_blockOffset == _blockLength)
        {
            LoadNextBlock();
        }

        var n = Math.Min(buffer.Length, _blockLength - _blockOffset);
        _block.AsSpan(_blockOffset, n).CopyTo(buffer);
        _blockOffset += n;
        _position += n;
        return n;
    }

    private void LoadNextBlock()
    {
        var blockSize = (ulong)_reader.BlockSize;
        var expected = (int)Math.Min(blockSize, _inode.FileSize - (_nextBlock * blockSize));
        var what = $"data block {_nextBlock} of {_entry.Path}";
        if (_nextBlock < _dataBlocks)
        {
            var sizeField = _sizes.U32();
            if (sizeField == 0)
            {
                _block.AsSpan(0, expected).Clear();
            }
            else
            {
                var length = _reader.ReadBlock(_nextBlockPosition, sizeField, _block, what);
                if (length != expected)
                {
                    throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.BlockLengthMismatch, what, length, expected));
                }

                _nextBlockPosition += sizeField & 0xFFFFFF;
            }
        }
        else
        {
            var fragment = _reader.FragmentData(_inode.FragmentIndex, _entry.Path);
            if (_inode.FragmentOffset > (ulong)fragment.Length || (ulong)fragment.Length - _inode.FragmentOffset < (ulong)expected)
            {
                throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture, Strings.FragmentOutOfRange, _entry.Path, _inode.FragmentIndex, _inode.FragmentOffset, expected, fragment.Length));
            }

            fragment.AsSpan((int)_inode.FragmentOffset, expected).CopyTo(_block);
        }

        _nextBlock++;
        _blockLength = expected;
        _blockOffset = 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
