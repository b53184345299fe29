namespace Squashfs;

/// <summary>How far a write has come: files whose data is queued, of all files, and the bytes read so far.</summary>
public readonly record struct SquashfsProgress(long FilesDone, long FilesTotal, long BytesRead);
