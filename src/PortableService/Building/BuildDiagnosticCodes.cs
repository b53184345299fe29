namespace PortableService.Building;

/// <summary>Codes of problems found while building the image (PS3xxx).</summary>
public static class BuildDiagnosticCodes
{
    public const string OutputDirectoryMissing = "PS3001";
    public const string OutputDirectoryNotWritable = "PS3002";
    public const string OutputPathTooLong = "PS3003";
    public const string InputUnreadable = "PS3004";
    public const string OutputWriteFailed = "PS3005";
    public const string MksquashfsFailed = "PS3006";
    public const string SourceDirectoryMissing = "PS3007";
    public const string PathClash = "PS3008";
    public const string BlockCacheUnusable = "PS3009";
    public const string SigningFailed = "PS3010";
    public const string AclsLeftOut = "PS3011";
    public const string MksquashfsNotStarted = "PS3020";
    public const string MksquashfsTimedOut = "PS3021";
    public const string MksquashfsOutputInvalid = "PS3022";
    public const string OutputInsideContent = "PS3023";
    public const string DirectoryXattrUnsupported = "PS3041";
}
