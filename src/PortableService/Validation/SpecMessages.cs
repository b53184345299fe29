namespace PortableService.Validation;

/// <summary>Message texts of spec diagnostics, in one place. Each names the JSON path it concerns and what to do.</summary>
internal static class SpecMessages
{
    // Reading: {0} is the JSON path unless said otherwise.
    public const string SpecFileUnreadable = "The spec file '{0}' could not be read: {1}";
    public const string LoneSurrogate = "{0} holds a \\u escape of half a surrogate pair (\\ud800 to \\udfff without its other half), which no text can hold: remove it or write the whole character.";
    public const string JsonSyntax = "{0} is not valid JSON at line {1}, column {2}: {3} Fix the syntax there.";
    public const string RootNotObject = "The spec ($) must be a JSON object with pname, version and units, found {0}.";
    public const string UnknownKeySuggestion = "{0}: unknown key '{1}', did you mean '{2}'?";
    public const string UnknownKey = "{0}: unknown key '{1}'; the keys allowed here are {2}.";
    public const string DuplicateKey = "{0}: the key '{1}' appears more than once; keep one.";
    public const string WrongType = "{0}: expected {1}, found {2}.";
    public const string UnitItemWrongType = "{0}: expected a string or an object with name and text, found {1}. Give the path of a unit file, or {{\"name\": \"...\", \"text\": \"...\"}}.";
    public const string UnitItemIncomplete = "{0}: a unit object needs \"path\", or both \"name\" and \"text\"; {1}.";
    public const string UnitItemConflict = "{0}: a unit object has either \"path\" or \"name\" and \"text\", not both; keep one form.";
    public const string ItemMissingKey = "{0}: the key '{1}' is required here; add it.";
    public const string SquashfsToolsBoth = "{0}: both 'squashfsTools' and 'squashfs-tools' are given; they mean the same, keep one.";

    // pname and version.
    public const string PnameMissing = "$.pname is missing or empty: set it to the service's name, e.g. \"hello\".";
    public const string PnameInvalidCharacter = "$.pname '{0}' holds {1}: portabled takes the unit prefix from the image name and accepts only ASCII letters, digits, '.' and '-' there. Rename it, e.g. '{2}'.";
    public const string PnameUnderscore = "$.pname '{0}' holds '_': portabled cuts the image name '{0}_<version>.raw' at the first '_', so the units would be matched against '{1}'. Use '-' instead.";
    public const string PnameDotName = "$.pname must not be '{0}': it is not a valid name; choose the service's name.";
    public const string VersionMissing = "$.version is missing or empty: set it, e.g. \"1.0\".";
    public const string VersionInvalidCharacter = "$.version '{0}' holds {1}, which cannot be part of the image file name '<pname>_<version>.raw'; remove it.";
    public const string VersionDotName = "$.version must not be '{0}'; give a real version, e.g. \"1.0\".";
    public const string ImageFileNameTooLong = "The image file name '{0}' is {1} bytes long, more than the 255 a file name can have; shorten $.pname or $.version.";

    // Units: {0} is the JSON path, {1} the unit name.
    public const string NoUnits = "$.units is empty: the image is a base image (a runtime that extensions are attached to), not a service of its own, and portabled attaches nothing from it alone. For a service, add a unit file named after $.pname, e.g. '{0}.service'.";
    public const string UnitNameInvalid = "{0}: '{1}' is not a valid unit name: {2}.";
    public const string UnitTypeNotPortable = "{0}: '{1}' is a {2} unit; portabled attaches only .service, .socket, .target, .timer and .path units. Remove it, or ship it as content.";
    public const string UnitPrefixMismatch = "{0}: portabled would not attach '{1}': a unit's name must be '{2}' followed by '-', '.', '@' or nothing, then the unit type (e.g. '{2}.service', '{2}-worker.service', '{2}@.service'). Rename the unit or change $.pname.";
    public const string UnitFileNotFound = "{0}: the unit file '{1}' does not exist; check the path.";
    public const string UnitPathEmpty = "{0}: the unit's path is empty; give the path of a unit file.";
    public const string UnitNotRegularFile = "{0}: '{1}' is a {2}, not a unit file; give the path of the unit file itself.";
    public const string UnitSymlinkLoop = "{0}: '{1}' is a symlink to '{2}', which leads back round in a cycle of symlinks and never reaches a file; point one of them at the unit file itself.";
    public const string UnitDanglingSymlink = "{0}: '{1}' is a symlink to '{2}', which does not exist; fix the link or give the unit file itself.";
    public const string UnitFileEmpty = "{0}: the unit file '{1}' is empty; write the unit's [Unit] and [Service] sections in it.";
    public const string UnitDuplicate = "{0}: the unit name '{1}' is already used by {2}; each unit needs its own name.";
    public const string UnitInlineTextEmpty = "{0}: the text of unit '{1}' is empty; give the unit's content.";
    public const string UnitFileInKernelFileSystem = "{0}: '{1}' is in {2}, which the kernel makes up as it is read, not a unit file: give the path of the unit file.";
    public const string UnitFileTooLarge = "{0}: {1} is {2} bytes, more than the {3} bytes a unit file may have: name the unit file, not another file.";
    public const string UnitInlineTextNul = "{0}: the text of {1} holds a NUL character, which no unit file may hold: remove it.";
    public const string UnitUnreadable = "{0}: the unit file '{1}' cannot be read: {2}";

    // Symlinks: {0} is the JSON path of the symlink item's field.
    public const string ImagePathEmpty = "{0}: the path is empty; give a path in the image such as \"/etc/ssl\".";
    public const string ImagePathRoot = "{0}: '{1}' is the image root itself; give a path below it such as \"/etc/ssl\".";
    public const string ImagePathNul = "{0}: the path holds a NUL character; remove it.";
    public const string ImagePathComponentTooLong = "{0}: '{1}' has a component longer than 255 bytes; shorten it.";
    public const string ImagePathEscapes = "{0}: '{1}' climbs above the image root with '..'; give a path inside the image.";
    public const string ClashesWithScaffoldDirectory = "{0}: '{1}' clashes with the directory '{2}' that every portable image has; choose another path.";
    public const string ClashesWithScaffoldFile = "{0}: '{1}' clashes with '{2}', which the builder writes itself{3}; choose another path.";
    public const string ClashesWithUnit = "{0}: '{1}' clashes with the unit '{2}' at {3}; choose another path.";
    public const string SymlinkClashesWithSymlink = "{0}: '{1}' clashes with the symlink '{2}' of {3}{4}; choose another path.";
    public const string SymlinkClashesWithContent = "{0}: '{1}' clashes with the content '{2}' of {3}; choose another path.";
    public const string SymlinkObjectEmpty = "{0}: the object is empty; give the path the symlink points to, e.g. a store path.";
    public const string SymlinkObjectNotFound = "{0}: '{1}' does not exist; the symlink's object and its dependencies are copied into the image, so it must exist.";
    public const string SymlinkObjectLoop = "{0}: '{1}' is a symlink to '{2}', which leads back round in a cycle of symlinks and never reaches a file; point the object at an existing path.";
    public const string SymlinkObjectDangling = "{0}: '{1}' is a symlink to '{2}', which does not exist; point the object at an existing path.";

    // Contents.
    public const string ContentSourceEmpty = "{0}: the source is empty; give the path of a file or directory.";
    public const string ContentSourceNotFound = "{0}: '{1}' does not exist; check the path.";
    public const string ContentSourceLoop = "{0}: '{1}' is a symlink to '{2}', which leads back round in a cycle of symlinks and never reaches a file; break the cycle or give the file itself.";
    public const string ContentSourceDangling = "{0}: '{1}' is a symlink to '{2}', which does not exist; fix the link or give the file itself.";
    public const string ContentSourceUnsupportedType = "{0}: '{1}' is a {2}; contents must be regular files, directories or symlinks to them.";
    public const string ContentSourceIsDevice = "{0}: '{1}' is a {2}: in the image it would give the service the host's device, and the service manager provides /dev anyway. Leave it out; if the image must hold it, allow it in this content: \"allowDevices\": true (--allow-devices; AllowDevices=\"true\" on a PortableServiceContent item).";
    public const string ContentTargetNested = "{0}: the target {1} and the target {3} of {2} lie one inside the other, so one content would be placed into (or through a symlink of) the other: give them separate targets.";
    public const string ContentSourceInKernelFileSystem = "{0}: '{1}' is in {2}, which the kernel makes up as it is read (its files say size 0 and change from one read to the next), so it cannot be copied into an image; the service sees its own {2} at run time. To ship a snapshot, copy what the service needs into a regular file and give that.";
    public const string ContentSourceIsRoot = "{0}: the source '{1}' is the root directory, whose closure is the whole build host: give the directories the service needs.";
    public const string ContentExcludeInvalid = "{0}: an exclude pattern must be a non-empty glob such as \"*.pdb\" (a file name) or \"sub/*.dbg\" (a path in the content).";
    public const string UnderApiFileSystem = "{0}: {1} is below {2}, which the service manager mounts over the image for every portable profile (MountAPIVFS=yes): the service would never see it. Place it elsewhere, such as under /opt or /usr.";
    public const string SymlinkObjectIsRoot = "{0}: the object '{1}' is the root directory, whose closure is the whole build host: point the symlink at what it needs.";
    public const string InUnitDirectory = "{0}: {1} would put a unit into {2} past the unit checks: give units with units (drop-in directories such as NAME.service.d are fine).";
    public const string ContentTargetConflict = "{0}: '{1}' is already the target of {2} with another source ('{3}'); give one of them another target.";

    // Squashfs options.
    public const string CompressionInvalid = "$.squash-compression '{0}' is not valid mksquashfs compression: {1}.";
    public const string BlockSizeInvalid = "$.squash-block-size '{0}' is not a valid mksquashfs block size: {1}.";
    public const string CompressionDoesNotFitBlockSize = "$.squash-compression '{0}' does not fit $.squash-block-size '{1}': {2}. Choose another block size or other compression options.";
    public const string SquashfsToolsEmpty = "$.squashfsTools is empty; give the squashfs-tools package (a directory with bin/mksquashfs) or leave it out to use the built-in writer.";
    public const string SquashfsToolsNotFound = "$.squashfsTools '{0}' does not exist; give the squashfs-tools package (a directory with bin/mksquashfs) or leave it out to use the built-in writer.";
    public const string MksquashfsNotFound = "$.squashfsTools '{0}' has no executable mksquashfs: give a directory holding bin/mksquashfs, or the mksquashfs program itself.";

    // os-release.
    public const string OsReleaseKeyInvalid = "{0}: '{1}' is not an os-release key: keys are upper-case letters, digits and '_' (e.g. \"VERSION_ID\").";
    public const string OsReleaseValueMultiline = "{0}: the value holds a line break or NUL, which os-release cannot hold; keep it on one line.";
    public const string OsReleaseIdInvalid = "{0}: ID '{1}' is not valid: os-release IDs are non-empty and use only lower-case letters, digits, '.', '_' and '-' (portabled refuses an image without one).";
    public const string OsReleasePrefixesLackPname = "{0}: PORTABLE_PREFIXES=\"{1}\" leaves out '{2}', so portabled would attach none of the units (they are named after the pname): keep '{2}' among the prefixes, or leave PORTABLE_PREFIXES alone.";
    public const string HomepageNotUrl = "$.homepage '{0}' is not an absolute URL; HOME_URL should be one, e.g. \"https://example.org/\".";

    // Environment.
    public const string SourceDateEpochInvalid = "SOURCE_DATE_EPOCH '{0}' is not valid: {1}. Set it to the number of seconds since 1970-01-01 (digits only, at most 4294967295) or unset it.";
    public const string ProfileNotFound = "$.profile '{0}' is neither a profile this machine has nor a service.conf file: use {1}, or a path to a profile's service.conf.";

    // Sealing: format, verity and signing.
    public const string FormatInvalid = "$.format '{0}' is not an image format: use \"squashfs\" (the naked image, the default), \"ddi\" (a GPT discoverable disk image with verity) or \"directory\" (the tree as a directory, for portablectl attach --copy=symlink).";
    public const string ArchitectureUnknown = "$.architecture '{0}' has no discoverable partition types; use one of {1}.";
    public const string PrivateKeyNotFound = "$.privateKey '{0}' does not exist; give the PEM private key that signs the root hash.";
    public const string CertificateNotFound = "$.certificate '{0}' does not exist; give the PEM certificate of $.privateKey, or a PKCS#12 file that holds both.";
    public const string PrivateKeyWithoutCertificate = "$.privateKey is given without $.certificate: the signature names its certificate, so give both.";
    public const string CertificateWithoutPrivateKey = "$.certificate '{0}' is a PEM file but $.privateKey is missing: give both, or a PKCS#12 file that holds the key as $.certificate alone.";
    public const string SigningFileUnusable = "{0} '{1}' cannot be used to sign: {2}. Give the PEM file (or a PKCS#12 file as $.certificate alone).";
    public const string SigningKeyInvalid = "$.certificate '{0}' cannot sign: {1}. Give a certificate (RSA or EC) and the private key that belongs to it.";
    public const string SigningWithoutVerity = "$.privateKey signs the verity root hash, but $.verity is not set: add \"verity\": true, or use \"format\": \"ddi\", which always has verity.";
    public const string SigningKeyNotDeterministic = "$.certificate '{0}' has an EC key: ECDSA draws a random nonce, so NAME.roothash.p7s differs at every build (each one valid); use an RSA key for bit-for-bit reproducible signed images.";

    // Image types and layers.
    public const string TypeInvalid = "$.type '{0}' is not an image type: use \"portable\" (a service or base image, the default), \"extension\" (a portable extension: /usr and /opt over a base image) or \"confext\" (a configuration extension: /etc only).";
    public const string BaseNotFound = "$.base '{0}' {1}: give the base image (NAME.raw, a squashfs image, or an image directory) the extension is meant for, or leave $.base out for an extension that fits any base (ID=_any).";
    public const string BaseUnreadable = "$.base '{0}' cannot be read as a base image: {1}. Give a portable image built without --format ddi: a naked squashfs NAME.raw, or an image directory.";
    public const string BaseForPortable = "$.base is given, but $.type is portable: a base image is what extensions are attached to. Set \"type\": \"extension\" (or confext), or leave $.base out.";
    public const string OutsideExtensionHierarchies = "{0}: '{1}' is outside {2}: portabled lays only {2} of an {3} over the base image, so nothing else of it is ever seen. Place it under {2}.";
    public const string DirectoryFormatSealed = "$.format is directory, but {0} is asked for: a directory has no block device to protect or sign. Use \"squashfs\" or \"ddi\" for a sealed image.";
}
