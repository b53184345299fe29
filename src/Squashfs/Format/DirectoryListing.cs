namespace Squashfs.Format;

/// <summary>Where a directory's listing lies in the directory table, as its inode records it.</summary>
internal sealed record DirectoryListing(uint BlockStart, ushort BlockOffset, uint FileSize, IReadOnlyList<DirectoryIndexEntry> Index);
