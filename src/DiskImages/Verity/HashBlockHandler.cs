namespace DiskImages.Verity;

/// <summary>Receives each finished hash block: block <paramref name="index"/> of <paramref name="level"/>.</summary>
internal delegate void HashBlockHandler(int level, long index, ReadOnlySpan<byte> block);
