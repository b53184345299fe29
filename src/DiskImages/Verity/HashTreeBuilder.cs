using System.Diagnostics;
using System.Security.Cryptography;

namespace DiskImages.Verity;

/// <summary>
/// Builds a hash tree bottom up from the data blocks' digests, in order, keeping one unfinished hash block per level:
/// memory is bounded by the tree's height, not the data's size. Each level's blocks go to a handler as they fill.
/// </summary>
internal sealed class HashTreeBuilder
{
    private readonly VerityLayout _layout;
    private readonly HashBlockHandler _handler;
    private readonly byte[][] _blocks;
    private readonly int[] _filled;
    private readonly long[] _emitted;
    private readonly byte[] _saltedBlock;
    private readonly int _saltLength;
    private byte[]? _rootHash;

    public HashTreeBuilder(VerityLayout layout, ReadOnlySpan<byte> salt, HashBlockHandler handler)
    {
        _layout = layout;
        _handler = handler;
        _blocks = new byte[layout.Levels][];
        for (var level = 0; level < layout.Levels; level++)
        {
            _blocks[level] = new byte[layout.HashBlockSize];
        }

        _filled = new int[layout.Levels];
        _emitted = new long[layout.Levels];
        _saltLength = salt.Length;
        _saltedBlock = new byte[salt.Length + layout.HashBlockSize];
        salt.CopyTo(_saltedBlock);
    }

    /// <summary>Adds the digest of the next data block.</summary>
    public void AddDataDigest(ReadOnlySpan<byte> digest)
    {
        if (_layout.Levels == 0)
        {
            // One data block: its digest is the root hash, and there is no tree.
            Debug.Assert(_rootHash is null);
            _rootHash = digest.ToArray();
            return;
        }

        Add(0, digest);
    }

    /// <summary>Writes out the partly filled blocks (zero-padded) and returns the root hash.</summary>
    public byte[] Finish()
    {
        for (var level = 0; level < _layout.Levels; level++)
        {
            if (_filled[level] > 0)
            {
                Emit(level);
            }

            Debug.Assert(_emitted[level] == _layout.LevelBlocks[level]);
        }

        return _rootHash ?? throw new UnreachableException();
    }

    private void Add(int level, ReadOnlySpan<byte> digest)
    {
        digest.CopyTo(_blocks[level].AsSpan(_filled[level] * VerityLayout.DigestSize));
        if (++_filled[level] == _layout.HashesPerBlock)
        {
            Emit(level);
        }
    }

    private void Emit(int level)
    {
        var block = _blocks[level];
        _handler(level, _emitted[level]++, block);

        block.CopyTo(_saltedBlock, _saltLength);
        Span<byte> digest = stackalloc byte[VerityLayout.DigestSize];
        SHA256.HashData(_saltedBlock, digest);
        Array.Clear(block);
        _filled[level] = 0;

        if (level + 1 < _layout.Levels)
        {
            Add(level + 1, digest);
        }
        else
        {
            Debug.Assert(_rootHash is null);
            _rootHash = digest.ToArray();
        }
    }
}
