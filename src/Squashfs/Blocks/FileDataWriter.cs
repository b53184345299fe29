using System.Buffers;
using Squashfs.Tree;

namespace Squashfs.Blocks;

/// <summary>
/// Streams every regular file's data into the image: whole blocks go to the block processor, tails (and small files)
/// are packed into fragment blocks unless fragments are off. Files are read block by block, never whole.
/// </summary>
internal sealed class FileDataWriter(BlockProcessor processor, int blockSize, bool useFragments, bool tailsInFragments, IProgress<SquashfsProgress>? progress)
{
    private readonly List<FragmentEntry> _fragments = [];
    private byte[]? _fragmentBuffer;
    private int _fragmentFill;

    /// <summary>Fragment blocks handed to the processor; the one being filled gets this index.</summary>
    private int _fragmentsQueued;

    public IReadOnlyList<FragmentEntry> Fragments => _fragments;

    public DataStatistics Statistics { get; } = new();

    public Dictionary<ImageFile, FileLayout> WriteAll(IReadOnlyList<ImageFile> files, bool deduplicate, CancellationToken cancellationToken)
    {
        var layouts = new Dictionary<ImageFile, FileLayout>(files.Count);
        var duplicates = deduplicate ? new DuplicateFinder(files, cancellationToken) : null;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (duplicates?.FindOriginal(file) is { } original)
            {
                layouts[file] = layouts[original];
                Statistics.DuplicateFiles++;
                Statistics.DuplicateBytes += file.Content.Length;
            }
            else
            {
                layouts[file] = WriteFile(file, cancellationToken);
            }

            Statistics.Files++;
            progress?.Report(new SquashfsProgress(Statistics.Files, files.Count, Statistics.BytesRead));
        }

        FlushFragment(cancellationToken);
        processor.Drain();
        return layouts;
    }

    private FileLayout WriteFile(ImageFile file, CancellationToken cancellationToken)
    {
        var layout = new FileLayout();
        var length = file.Content.Length;
        var tail = (int)(length % blockSize);
        var fullBlocks = length / blockSize;

        // A file shorter than a block is all tail; longer files keep their tail in a block of its own unless asked.
        var tailToFragment = useFragments && tail > 0 && (fullBlocks == 0 || tailsInFragments);
        var blockCount = fullBlocks + (tail > 0 && !tailToFragment ? 1 : 0);
        layout.BlockSizes = new uint[blockCount];
        var firstBlockWritten = false;
        using var stream = file.Content.OpenChecked();
        for (long i = 0; i < blockCount; i++)
        {
            var size = i < fullBlocks ? blockSize : tail;
            var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
            ReadExactly(stream, buffer, size, file);
            var index = (int)i;
            processor.Submit(buffer, size, detectSparse: true, (position, sizeField) =>
            {
                // Block positions are derived from the start plus the sizes before them; sparse blocks take no room.
                if (!firstBlockWritten)
                {
                    layout.BlocksStart = (ulong)position;
                    firstBlockWritten = true;
                }

                if (sizeField == 0)
                {
                    layout.SparseBytes += (ulong)size;
                    Statistics.SparseBytes += size;
                }

                layout.BlockSizes[index] = sizeField;
            }, cancellationToken);
        }

        if (tailToFragment)
        {
            AddToFragment(stream, tail, file, layout, cancellationToken);
        }

        if (stream.ReadByte() >= 0)
        {
            throw new InputFileException(file.Content.Description, string.Format(Strings.FileGrew, file.Content.Description, length));
        }

        return layout;
    }

    private void AddToFragment(Stream stream, int tail, ImageFile file, FileLayout layout, CancellationToken cancellationToken)
    {
        if (_fragmentBuffer is not null && _fragmentFill + tail > blockSize)
        {
            FlushFragment(cancellationToken);
        }

        _fragmentBuffer ??= ArrayPool<byte>.Shared.Rent(blockSize);
        ReadExactly(stream, _fragmentBuffer.AsSpan(_fragmentFill, tail), file);
        layout.FragmentIndex = (uint)_fragmentsQueued;
        layout.FragmentOffset = (uint)_fragmentFill;
        _fragmentFill += tail;
    }

    private void FlushFragment(CancellationToken cancellationToken)
    {
        if (_fragmentBuffer is null)
        {
            return;
        }

        _fragmentsQueued++;
        processor.Submit(_fragmentBuffer, _fragmentFill, detectSparse: false, (position, sizeField) =>
        {
            _fragments.Add(new FragmentEntry((ulong)position, sizeField));
        }, cancellationToken);
        _fragmentBuffer = null;
        _fragmentFill = 0;
    }

    private void ReadExactly(Stream stream, byte[] buffer, int count, ImageFile file) => ReadExactly(stream, buffer.AsSpan(0, count), file);

    private void ReadExactly(Stream stream, Span<byte> destination, ImageFile file)
    {
        var read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
        {
            throw new InputFileException(file.Content.Description, string.Format(Strings.FileShrank, file.Content.Description, file.Content.Length));
        }

        Statistics.BytesRead += read;
    }
}
