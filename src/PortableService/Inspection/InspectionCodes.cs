namespace PortableService.Inspection;

/// <summary>Codes of the findings `inspect` reports about an image (PS4xxx), one per check portabled or systemd makes.</summary>
public static class InspectionCodes
{
    public const string NotRaw = "PS4001";
    public const string InvalidPrefix = "PS4002";
    public const string NoOsRelease = "PS4003";
    public const string NoId = "PS4004";
    public const string NoPortablePrefixes = "PS4005";
    public const string PrefixMismatch = "PS4006";
    public const string NoUnits = "PS4007";
    public const string UnitNotRegular = "PS4008";
    public const string UnitEmpty = "PS4009";
    public const string UnitAbsoluteSymlink = "PS4010";
    public const string MissingMountPoint = "PS4011";
    public const string NoExecStart = "PS4012";
    public const string ProgramMissing = "PS4013";
    public const string ProgramNotExecutable = "PS4014";
    public const string InterpreterMissing = "PS4015";
    public const string LibraryMissing = "PS4016";
    public const string UnreadableImage = "PS4017";
    public const string ProfileNotFound = "PS4030";
    public const string JitUnderMemoryDenyWriteExecute = "PS4031";
    public const string PathHiddenByProfile = "PS4032";
    public const string UserUnknown = "PS4033";
    public const string WorkingDirectoryMissing = "PS4034";
    public const string HomeUnset = "PS4035";
    public const string AddressFamilyRestricted = "PS4036";

    // Verity and signatures: sidecars beside a naked image, or a discoverable disk image's partitions.
    public const string VerityIncomplete = "PS4018";
    public const string VerityUnreadable = "PS4019";
    public const string VerityMismatch = "PS4020";
    public const string SignatureInvalid = "PS4021";
    public const string SignatureUnchecked = "PS4022";
    public const string PartitionUuidMismatch = "PS4023";
    public const string DiskUnreadable = "PS4024";
    public const string RootNotSquashfs = "PS4025";
    public const string NotSigned = "PS4026";

    // Extensions and confext.
    public const string ExtensionReleaseAmbiguous = "PS4051";
    public const string ExtensionReleaseNotFound = "PS4052";
    public const string ExtensionScopeNotPortable = "PS4053";
    public const string ConfextNeeds255 = "PS4054";
    public const string ExtensionBaseMismatch = "PS4055";
    public const string ExtensionServicesUnchecked = "PS4056";
    public const string BaseUnreadable = "PS4057";

    // Image directories (build --format directory, portablectl attach --copy=symlink).
    public const string NotAnImageDirectory = "PS4058";
}
