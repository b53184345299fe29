namespace DiskImages.Gpt;

/// <summary>
/// The fixed parts of a GPT disk as this library writes it (UEFI 2.10 §5.2-5.3): 512-byte sectors, a protective MBR
/// at sector 0, the header at sector 1 and 128 entries of 128 bytes from sector 2; the backup entries and header
/// mirror them at the end of the disk. Field offsets count from the start of their structure.
/// </summary>
internal static class GptLayout
{
    public const int SectorSize = 512;
    public const int EntryCount = 128;
    public const int EntrySize = 128;
    public const int EntriesSectors = EntryCount * EntrySize / SectorSize;
    public const long FirstUsableLba = 2 + EntriesSectors;

    /// <summary>Where the first partition starts: 1 MiB, as fdisk and systemd-repart place it.</summary>
    public const long FirstPartitionOffset = 1024 * 1024;

    // Protective MBR.
    public const int MbrPartitionOffset = 446;
    public const byte MbrProtectiveType = 0xEE;
    public const int MbrSignatureOffset = 510;

    // Header.
    public static ReadOnlySpan<byte> Signature => "EFI PART"u8;
    public const uint Revision = 0x00010000;
    public const int HeaderSize = 92;
    public const int SignatureOffset = 0;
    public const int RevisionOffset = 8;
    public const int HeaderSizeOffset = 12;
    public const int HeaderCrcOffset = 16;
    public const int MyLbaOffset = 24;
    public const int AlternateLbaOffset = 32;
    public const int FirstUsableLbaOffset = 40;
    public const int LastUsableLbaOffset = 48;
    public const int DiskGuidOffset = 56;
    public const int EntriesLbaOffset = 72;
    public const int EntryCountOffset = 80;
    public const int EntrySizeOffset = 84;
    public const int EntriesCrcOffset = 88;

    // Partition entry.
    public const int TypeGuidOffset = 0;
    public const int UniqueGuidOffset = 16;
    public const int FirstLbaOffset = 32;
    public const int LastLbaOffset = 40;
    public const int AttributesOffset = 48;
    public const int NameOffset = 56;
    public const int NameChars = 36;

    /// <summary>The largest entry array the reader accepts (the UEFI minimum is 16 KiB; tools use exactly that).</summary>
    public const int MaxEntriesBytes = 1024 * 1024;
}
