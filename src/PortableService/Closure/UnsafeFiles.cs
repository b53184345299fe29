namespace PortableService.Closure;

/// <summary>
/// Files that are refused in what is copied unless a content allows them explicitly: every file in an image belongs to
/// root, so a set-ID file would run as root, and a device node would open the host's hardware.
/// </summary>
[Flags]
public enum UnsafeFiles
{
    None = 0,

    /// <summary>Character and block devices (<c>"allowDevices": true</c>).</summary>
    Devices = 1,

    /// <summary>Set-user-ID and set-group-ID files (<c>"allowSetId": true</c>).</summary>
    SetId = 2,

    All = Devices | SetId,
}
