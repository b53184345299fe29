using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;
using PortableService.FileTrees;

namespace PortableService.Closure.Nix;

/// <summary>
/// Finds the store paths a store path refers to the way Nix does after a build (<c>libstore/references.cc</c>): every
/// 32-character window of base-32 characters in file contents, entry names and symlink targets is looked up among
/// the hash parts of the store's entries. Contents are streamed in blocks; a window never spans two files or fields.
/// </summary>
internal sealed class ReferenceScanner
{
    private const int BlockSize = 256 * 1024;
    private const int Carry = NixBase32.HashLength - 1;

    private readonly StoreHashIndex _index;
    private readonly byte[] _buffer = new byte[BlockSize + Carry];

    public ReferenceScanner(StoreHashIndex index) => _index = index;

    /// <summary>The scan of one store path: what it refers to (itself included when it does) and its size.</summary>
    public sealed record Result(IReadOnlyCollection<string> References, long Size, IReadOnlyList<string> Problems);

    /// <summary>Scans a whole store path (a file, a symlink or a directory tree).</summary>
    public Result ScanStorePath(string storePath, PathResolver fs, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        long size = 0;
        ScanNode(storePath, fs, found, problems, ref size, cancellationToken);
        return new Result(found, size, problems);
    }

    /// <summary>Scans bytes that are complete on their own (a name, a symlink target, a unit file).</summary>
    public void ScanBytes(ReadOnlySpan<byte> data, ISet<string> found) => ScanBlock(data, found);

    /// <summary>Scans a regular file's contents, streamed.</summary>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    public void ScanFile(string path, ISet<string> found, CancellationToken cancellationToken)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        long offset = 0;
        var kept = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = RandomAccess.Read(handle, _buffer.AsSpan(kept, BlockSize), offset);
            if (read == 0)
            {
                break;
            }

            offset += read;
            var length = kept + read;
            var next = ScanBlock(_buffer.AsSpan(0, length), found);
            // Bytes from 'next' on may start a hash that continues in the next block: keep them (fewer than 32).
            kept = length - next;
            _buffer.AsSpan(next, kept).CopyTo(_buffer);
        }
    }

    private void ScanNode(string path, PathResolver fs, HashSet<string> found, List<string> problems, ref long size, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var node = fs.Lstat(path);
        switch (node.Kind)
        {
            case FileNodeKind.File:
                size += node.Size;
                try
                {
                    ScanFile(path, found, cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add($"{path}: {e.Message}");
                }

                break;
            case FileNodeKind.Symlink:
                var target = fs.ReadLink(path);
                if (target is null)
                {
                    problems.Add($"{path}: the symlink cannot be read");
                    break;
                }

                var bytes = Encoding.UTF8.GetBytes(target);
                size += bytes.Length;
                ScanBytes(bytes, found);
                break;
            case FileNodeKind.Directory:
                string[] names;
                try
                {
                    names = HostFileTree.List(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add($"{path}: {e.Message}");
                    break;
                }

                foreach (var name in names)
                {
                    ScanBytes(Encoding.UTF8.GetBytes(name), found);
                    ScanNode(UnixPath.Join(path, name), fs, found, problems, ref size, cancellationToken);
                }

                break;
            case FileNodeKind.Error:
                problems.Add($"{path}: {node.Error}");
                break;
        }
    }

    /// <summary>
    /// Checks every 32-byte window of alphabet bytes in <paramref name="data"/>, skipping ahead like Nix: a window
    /// can only match when its last byte is in the alphabet, so a byte outside it moves the window past that byte.
    /// Returns where the windows not yet checked start (at most 31 bytes before the end).
    /// </summary>
    private int ScanBlock(ReadOnlySpan<byte> data, ISet<string> found)
    {
        var i = 0;
        var validEnd = 0; // [i, validEnd) is known to be alphabet bytes
        while (i + NixBase32.HashLength <= data.Length)
        {
            if (validEnd < i)
            {
                validEnd = i;
            }

            var j = i + NixBase32.HashLength - 1;
            while (j >= validEnd && NixBase32.IsDigit(data[j]))
            {
                j--;
            }

            if (j >= validEnd)
            {
                validEnd = i + NixBase32.HashLength;
                i = j + 1;
                continue;
            }

            validEnd = i + NixBase32.HashLength;
            if (_index.TryGet(NixBase32.Pack(data.Slice(i, NixBase32.HashLength)), out var storePath))
            {
                found.Add(storePath);
            }

            i++;
        }

        return i;
    }
}
