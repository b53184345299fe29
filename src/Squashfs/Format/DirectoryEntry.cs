namespace Squashfs.Format;

/// <summary>One name in a directory listing and the inode it refers to.</summary>
internal readonly record struct DirectoryEntry(byte[] Name, ulong InodeReference, uint InodeNumber, InodeType Type);
