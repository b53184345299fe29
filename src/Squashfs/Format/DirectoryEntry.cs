namespace Squashfs.Format;

/// <summary>
/// One name in a directory listing and the inode it refers to, as <see cref="DirectoryTable"/> writes and reads it; the
/// listing stores the basic <paramref name="Type"/> of the inode.
/// </summary>
internal readonly record struct DirectoryEntry(byte[] Name, ulong InodeReference, uint InodeNumber, InodeType Type);
