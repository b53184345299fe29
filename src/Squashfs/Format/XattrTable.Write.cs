using System.Text;
using Squashfs.Compression;
using Squashfs.Tree;

namespace Squashfs.Format;

internal static partial class XattrTable
{
    /// <summary>Collects the extended attribute sets of an image (identical sets are stored once) and writes the table.</summary>
    public sealed class Writer(ISquashfsCompressor compressor, bool compress)
    {
        private readonly MetadataWriter _pairs = new(compressor, compress);
        private readonly List<(ulong Reference, uint Count, uint Size)> _sets = [];
        private readonly Dictionary<string, uint> _setIndexes = [];

        public bool IsEmpty => _sets.Count == 0;

        /// <summary>Returns the xattr index for an inode, or <see cref="Inode.NoXattr"/> when it has no attributes.</summary>
        public uint Add(IReadOnlyList<ImageXattr> xattrs)
        {
            if (xattrs.Count == 0)
            {
                return Inode.NoXattr;
            }

            var sorted = xattrs.OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
            var key = string.Join('\0', sorted.Select(x => x.Name + "=" + Convert.ToBase64String(x.Value)));
            if (_setIndexes.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var reference = _pairs.Position;
            var start = _pairs.UncompressedLength;
            Span<byte> keyHeader = stackalloc byte[KeyHeaderSize];
            Span<byte> valueHeader = stackalloc byte[ValueHeaderSize];
            foreach (var xattr in sorted)
            {
                var (prefix, name) = XattrPrefixes.Split(xattr.Name);
                var nameBytes = Encoding.UTF8.GetBytes(name);
                var w = new ByteWriter(keyHeader);
                w.U16((ushort)prefix);
                w.U16((ushort)nameBytes.Length);
                _pairs.Write(w.Written);
                _pairs.Write(nameBytes);
                var v = new ByteWriter(valueHeader);
                v.U32((uint)xattr.Value.Length);
                _pairs.Write(v.Written);
                _pairs.Write(xattr.Value);
            }

            var index = (uint)_sets.Count;
            _sets.Add((reference, (uint)sorted.Count, (uint)(_pairs.UncompressedLength - start)));
            _setIndexes[key] = index;
            return index;
        }

        /// <summary>Writes the table at the stream's position and returns the position of its header.</summary>
        public ulong Write(Stream output)
        {
            var pairsStart = (ulong)output.Position;
            _pairs.CopyTo(output);
            var sets = new byte[_sets.Count * SetEntrySize];
            for (var i = 0; i < _sets.Count; i++)
            {
                var w = new ByteWriter(sets.AsSpan(i * SetEntrySize));
                w.U64(_sets[i].Reference);
                w.U32(_sets[i].Count);
                w.U32(_sets[i].Size);
            }

            var header = new ByteWriter(stackalloc byte[HeaderSize]);
            header.U64(pairsStart);
            header.U32((uint)_sets.Count);
            header.U32(0);
            return LookupTable.Write(output, sets, compressor, compress, header.Written);
        }
    }
}
