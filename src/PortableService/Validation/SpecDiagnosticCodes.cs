namespace PortableService.Validation;

/// <summary>
/// The stable codes of spec problems (PS1xxx): PS10xx reading the JSON file, PS11xx names, PS12xx units,
/// PS13xx symlinks, PS14xx contents, PS15xx squashfs options, PS16xx os-release, PS17xx SOURCE_DATE_EPOCH, PS18xx sealing (format, verity, signing).
/// </summary>
public static class SpecDiagnosticCodes
{
    // Reading the spec file.
    public const string SpecFileUnreadable = "PS1001";
    public const string JsonSyntax = "PS1002";
    public const string RootNotObject = "PS1003";
    public const string UnknownKey = "PS1004";
    public const string DuplicateKey = "PS1005";
    public const string WrongType = "PS1006";
    public const string MissingKey = "PS1007";
    public const string ConflictingKeys = "PS1008";

    // Command-line input that stands in for the spec file.
    public const string NoSpecGiven = "PS1009";
    public const string MalformedOption = "PS1010";

    // pname and version.
    public const string PnameMissing = "PS1101";
    public const string PnameInvalidCharacter = "PS1102";
    public const string PnameUnderscore = "PS1103";
    public const string PnameDotName = "PS1104";
    public const string VersionMissing = "PS1105";
    public const string VersionInvalidCharacter = "PS1106";
    public const string VersionDotName = "PS1107";
    public const string ImageFileNameTooLong = "PS1108";

    // Units.
    public const string NoUnits = "PS1201";
    public const string UnitNameInvalid = "PS1202";
    public const string UnitTypeNotPortable = "PS1203";
    public const string UnitPrefixMismatch = "PS1204";
    public const string UnitFileNotFound = "PS1205";
    public const string UnitNotRegularFile = "PS1206";
    public const string UnitDanglingSymlink = "PS1207";
    public const string UnitFileEmpty = "PS1208";
    public const string UnitDuplicate = "PS1209";
    public const string UnitInlineTextEmpty = "PS1210";
    public const string UnitUnreadable = "PS1211";
    public const string UnitFileTooLarge = "PS1212";
    public const string UnitInlineTextNul = "PS1213";
    public const string UnitFileInKernelFileSystem = "PS1214";

    // Symlinks.
    public const string SymlinkPathInvalid = "PS1301";
    public const string SymlinkEscapesRoot = "PS1302";
    public const string SymlinkClashesWithScaffold = "PS1303";
    public const string SymlinkClashesWithUnit = "PS1304";
    public const string SymlinkClashesWithSymlink = "PS1305";
    public const string SymlinkClashesWithContent = "PS1306";
    public const string SymlinkObjectNotFound = "PS1307";
    public const string SymlinkObjectDangling = "PS1308";
    public const string SymlinkInUnitDirectory = "PS1309";
    public const string SymlinkUnderApiFileSystem = "PS1310";
    public const string SymlinkObjectIsRoot = "PS1311";

    // Contents.
    public const string ContentSourceNotFound = "PS1401";
    public const string ContentSourceDangling = "PS1402";
    public const string ContentSourceUnsupportedType = "PS1403";
    public const string ContentTargetInvalid = "PS1404";
    public const string ContentTargetEscapesRoot = "PS1405";
    public const string ContentClashesWithScaffold = "PS1406";
    public const string ContentClashesWithUnit = "PS1407";
    public const string ContentTargetConflict = "PS1408";
    public const string ContentTargetNested = "PS1409";
    public const string ContentInUnitDirectory = "PS1410";
    public const string ContentExcludeInvalid = "PS1411";
    public const string ContentUnderApiFileSystem = "PS1412";
    public const string ContentSourceInKernelFileSystem = "PS1413";
    public const string ContentSourceIsRoot = "PS1414";
    public const string ContentSourceIsDevice = "PS1415";

    // Squashfs options.
    public const string CompressionInvalid = "PS1501";
    public const string BlockSizeInvalid = "PS1502";
    public const string CompressionDoesNotFitBlockSize = "PS1505";
    public const string SquashfsToolsNotFound = "PS1503";
    public const string MksquashfsNotFound = "PS1504";

    // os-release.
    public const string OsReleaseKeyInvalid = "PS1601";
    public const string OsReleaseValueMultiline = "PS1602";
    public const string OsReleaseIdInvalid = "PS1603";
    public const string HomepageNotUrl = "PS1604";
    public const string OsReleasePrefixesLackPname = "PS1605";

    // Environment.
    public const string SourceDateEpochInvalid = "PS1701";
    public const string ProfileNotFound = "PS1901";

    // Sealing: format, verity and signing.
    public const string FormatInvalid = "PS1801";
    public const string ArchitectureUnknown = "PS1802";
    public const string PrivateKeyNotFound = "PS1803";
    public const string CertificateNotFound = "PS1804";
    public const string PrivateKeyWithoutCertificate = "PS1805";
    public const string CertificateWithoutPrivateKey = "PS1806";
    public const string SigningKeyInvalid = "PS1807";
    public const string SigningWithoutVerity = "PS1808";
    public const string SigningKeyNotDeterministic = "PS1809";

    // Image types and layers: extensions, confext, base images, directories, versioned output.
    public const string TypeInvalid = "PS1951";
    public const string BaseNotFound = "PS1952";
    public const string BaseUnreadable = "PS1953";
    public const string BaseForPortable = "PS1954";
    public const string OutsideExtensionHierarchies = "PS1955";
    public const string DirectoryFormatSealed = "PS1956";
}
