namespace PortableService.Closure;

/// <summary>Where the references between Nix store paths come from.</summary>
public enum NixReferenceSource
{
    /// <summary>
    /// The Nix database when it can be read (paths it does not know are scanned), else <c>nix-store</c>, else a scan.
    /// </summary>
    Auto,

    /// <summary>Only the Nix database (<see cref="ClosureOptions.NixDatabasePath"/>); a path it does not know is an error.</summary>
    Database,

    /// <summary>Only <c>nix-store --query --requisites</c>.</summary>
    NixStoreCommand,

    /// <summary>
    /// Scan the files for the hash parts of the store's entries, as Nix does after a build (for a store copied without
    /// its database).
    /// </summary>
    Scan,
}
