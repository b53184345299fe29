namespace Squashfs.Caching;

/// <summary>How much a <see cref="BlockCache"/> holds.</summary>
/// <param name="Entries">Cached blocks.</param>
/// <param name="Bytes">Their files' total length in bytes.</param>
public readonly record struct BlockCacheUsage(long Entries, long Bytes);
