namespace Squashfs;

/// <summary>Message texts of the squashfs library, in one place.</summary>
internal static class Strings
{
    public const string HardLinkTargetInvalid = "A hard link must point to a file, symlink, device, FIFO or socket, not to a directory or another hard link.";
    public const string EntryAlreadyHasParent = "The entry '{0}' already belongs to a directory.";
    public const string DuplicateName = "The name '{0}' already exists in '{1}'.";
    public const string NotADirectory = "'{0}' exists and is not a directory.";
    public const string InvalidName = "'{0}' is not a valid file name: names are non-empty, not '.' or '..', and hold no '/' or NUL.";
    public const string NameTooLong = "The name '{0}' is longer than {1} bytes.";
}
