using Squashfs.Format;
using Squashfs.Tree;

namespace Squashfs.Blocks;

/// <summary>
/// Streams every regular file's data into the image: whole blocks go to the block processor, tails (and small files)
/// are packed into fragment blocks unless fragments are off. Files are read block by block, never whole; a file that
/// fits in a fragment is read once into memory, where it is also hashed for deduplication.
/// </summary>
internal sealed class FileDataWriter(BlockProcessor processor, int blockSize, bool useFragments, bool tailsInFragments, IProgress<SquashfsProgress>? progress)
{
    private readonly List<FragmentEntry> _fragments = [];
    private readonly byte[] _smallFile = new byte[blockSize];
    private Block? _fragment;
    private int _fragmentFill;

    /// <summary>Fragment blocks handed to the processor; the one being filled gets this index.</summary>
    private int _fragmentsQueued;

    public IReadOnlyList<FragmentEntry> Fragments => _fragments;

    public DataStatistics Statistics { get; } = new();

    public Dictionary<ImageFile, FileLayout> WriteAll(IReadOnlyList<ImageFile> files, bool deduplicate, CancellationToken cancellationToken)
    {
        var layouts = new Dictionary<ImageFile, FileLayout>(files.Count);
        var duplicates = deduplicate ? new DuplicateFinder(files, FitsInFragment, cancellationToken) : null;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            layouts[file] = FitsInFragment(file) ? WriteSmallFile(file, duplicates, layouts) : WriteLargeFile(file, duplicates, layouts, cancellationToken);
            Statistics.Files++;
            progress?.Report(new SquashfsProgress(Statistics.Files, files.Count, Statistics.BytesRead));
        }

        FlushFragment();
        processor.Drain();
        return layouts;
    }

    /// <summary>A file shorter than a block is all tail, and goes whole into a fragment unless fragments are off.</summary>
    private bool FitsInFragment(ImageFile file) => useFragments && file.Content.Length is > 0 and var length && length < blockSize;

    private FileLayout WriteSmallFile(ImageFile file, DuplicateFinder? duplicates, Dictionary<ImageFile, FileLayout> layouts)
    {
        // A block has room for one byte more than a small file, which shows a file that grew.
        var length = (int)file.Content.Length;
        var read = file.Content.ReadChecked(_smallFile.AsSpan(0, length + 1));
        if (read != length)
        {
            throw read < length ? InputFileException.Shrank(file.Content.Description, length) : InputFileException.Grew(file.Content.Description, length);
        }

        var data = _smallFile.AsSpan(0, length);
        if (duplicates is not null && duplicates.IsCandidate(file) && duplicates.FindOriginal(file, data) is { } original)
        {
            return Duplicate(file, original, layouts);
        }

        Statistics.BytesRead += length;
        var layout = new FileLayout();
        AddToFragment(data, layout);
        return layout;
    }

    private FileLayout WriteLargeFile(ImageFile file, DuplicateFinder? duplicates, Dictionary<ImageFile, FileLayout> layouts, CancellationToken cancellationToken)
    {
        if (duplicates?.FindOriginal(file) is { } original)
        {
            return Duplicate(file, original, layouts);
        }

        var layout = new FileLayout();
        var length = file.Content.Length;
        var tail = (int)(length % blockSize);
        var fullBlocks = length / blockSize;

        // Longer files keep their tail in a block of its own unless asked.
        var tailToFragment = useFragments && tail > 0 && tailsInFragments;
        var blockCount = fullBlocks + (tail > 0 && !tailToFragment ? 1 : 0);
        layout.BlockSizes = blockCount == 0 ? [] : new uint[blockCount];
        var firstBlockWritten = false;
        using var stream = file.Content.OpenChecked();
        for (long i = 0; i < blockCount; i++)
        {
            // Checked per block: one large file must not keep Ctrl-C waiting until it is all compressed.
            cancellationToken.ThrowIfCancellationRequested();
            var size = i < fullBlocks ? blockSize : tail;
            var block = processor.Rent();
            ReadExactly(stream, block.Data.AsSpan(0, size), file);
            Statistics.BytesRead += size;
            var index = (int)i;
            processor.Submit(block, size, detectSparse: true, (position, sizeField) =>
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
            });
        }

        if (tailToFragment)
        {
            ReadExactly(stream, _smallFile.AsSpan(0, tail), file);
            Statistics.BytesRead += tail;
            AddToFragment(_smallFile.AsSpan(0, tail), layout);
        }

        CheckEnd(stream, file);
        return layout;
    }

    private FileLayout Duplicate(ImageFile file, ImageFile original, Dictionary<ImageFile, FileLayout> layouts)
    {
        Statistics.DuplicateFiles++;
        Statistics.DuplicateBytes += file.Content.Length;
        return layouts[original];
    }

    private void AddToFragment(ReadOnlySpan<byte> tail, FileLayout layout)
    {
        if (_fragment is not null && _fragmentFill + tail.Length > blockSize)
        {
            FlushFragment();
        }

        _fragment ??= processor.Rent();
        tail.CopyTo(_fragment.Data.AsSpan(_fragmentFill));
        layout.FragmentIndex = (uint)_fragmentsQueued;
        layout.FragmentOffset = (uint)_fragmentFill;
        _fragmentFill += tail.Length;
    }

    private void FlushFragment()
    {
        if (_fragment is null)
        {
            return;
        }

        _fragmentsQueued++;
        processor.Submit(_fragment, _fragmentFill, detectSparse: false, (position, sizeField) =>
        {
            _fragments.Add(new FragmentEntry((ulong)position, sizeField));
        });
        _fragment = null;
        _fragmentFill = 0;
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, ImageFile file)
    {
        var read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
        {
            throw InputFileException.Shrank(file.Content.Description, file.Content.Length);
        }
    }

    private static void CheckEnd(Stream stream, ImageFile file)
    {
        if (stream.ReadByte() >= 0)
        {
            throw InputFileException.Grew(file.Content.Description, file.Content.Length);
        }
    }
}
