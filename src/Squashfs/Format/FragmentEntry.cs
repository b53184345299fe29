namespace Squashfs.Format;

/// <summary>A fragment block's place in the image: its start and its size field (bit 24 = uncompressed).</summary>
internal readonly record struct FragmentEntry(ulong Start, uint SizeField);
