using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Validation;

namespace PortableService.Systemd;

/// <summary>
/// Writes an image's <c>/etc/os-release</c>: nixpkgs' fields (<c>PORTABLE_ID</c>, <c>PORTABLE_PRETTY_NAME</c>,
/// <c>HOME_URL</c>, <c>ID</c>, <c>PRETTY_NAME</c>, <c>BUILD_ID</c>) plus <c>PORTABLE_PREFIXES</c> (without which
/// systemd-dissect does not take the image for a portable service), <c>IMAGE_ID</c> and <c>IMAGE_VERSION</c>, then
/// the spec's <see cref="PortableServiceSpec.OsRelease"/> overrides, each value quoted as os-release(5) requires.
/// </summary>
public static class OsReleaseWriter
{
    /// <summary>
    /// The fields, in order: PORTABLE_ID, PORTABLE_PRETTY_NAME (when the spec has a description), HOME_URL (when it
    /// has a homepage), the identity's fields (<see cref="OsReleaseIdentity.Fields"/>), PORTABLE_PREFIXES, IMAGE_ID,
    /// IMAGE_VERSION; then each override replaces its field in place or is appended.
    /// </summary>
    public static OrderedDictionary<string, string> BuildFields(PortableServiceSpec spec, OsReleaseIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(identity);
        var fields = new OrderedDictionary<string, string>(StringComparer.Ordinal) { ["PORTABLE_ID"] = spec.Pname };
        if (spec.Description is not null)
        {
            fields["PORTABLE_PRETTY_NAME"] = spec.Description;
        }

        if (spec.Homepage is not null)
        {
            fields["HOME_URL"] = spec.Homepage;
        }

        foreach ((string key, string value) in identity.Fields())
        {
            fields[key] = value;
        }

        fields["PORTABLE_PREFIXES"] = spec.Pname;
        fields["IMAGE_ID"] = spec.Pname;
        fields["IMAGE_VERSION"] = spec.Version;
        foreach ((string key, string value) in spec.OsRelease)
        {
            fields[key] = value;
        }

        return fields;
    }

    /// <summary>
    /// The fields of an extension's release file: <c>ID</c>, <c>VERSION_ID</c> and the extension level from the base
    /// (<c>ID=_any</c> without one), the scope <c>portable</c>, <c>PORTABLE_PREFIXES</c>, <c>SYSEXT_IMAGE_ID</c> and
    /// <c>SYSEXT_IMAGE_VERSION</c> (<c>CONFEXT_</c> for a confext), the description and homepage; then each override
    /// replaces its field or is appended.
    /// </summary>
    public static OrderedDictionary<string, string> BuildExtensionFields(PortableServiceSpec spec, ImageType type, IReadOnlyDictionary<string, string>? baseOsRelease)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var fields = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        string? Base(string key) => baseOsRelease is not null && baseOsRelease.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
        fields["ID"] = Base("ID") ?? ExtensionRelease.AnyId;
        foreach (var key in new[] { "VERSION_ID", ExtensionRelease.LevelKey(type) })
        {
            if (Base(key) is { } value)
            {
                fields[key] = value;
            }
        }

        fields[ExtensionRelease.ScopeKey(type)] = ExtensionRelease.PortableScope;
        fields["PORTABLE_PREFIXES"] = spec.Pname;

        // portabled reads an extension's name and version from these (not IMAGE_ID) and logs them as PORTABLE_EXTENSION_NAME_AND_VERSION= (257).
        fields[ExtensionRelease.Key(type, "IMAGE_ID")] = spec.Pname;
        fields[ExtensionRelease.Key(type, "IMAGE_VERSION")] = spec.Version;
        if (spec.Description is not null)
        {
            fields["PORTABLE_PRETTY_NAME"] = spec.Description;
        }

        if (spec.Homepage is not null)
        {
            fields["HOME_URL"] = spec.Homepage;
        }

        foreach ((string key, string value) in spec.OsRelease)
        {
            fields[key] = value;
        }

        return fields;
    }

    /// <summary>
    /// The text of <c>/etc/os-release</c> for a validated spec (its overrides were checked then). Throws
    /// <see cref="DiagnosticException"/> (PS1603) when the ID comes from <paramref name="identity"/>, the build
    /// host's, and is not a valid os-release ID.
    /// </summary>
    public static string Write(ValidatedSpec spec, OsReleaseIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(identity);
        if (!OsRelease.IsValidId(identity.Id) && !spec.Spec.OsRelease.ContainsKey("ID"))
        {
            throw new DiagnosticException([new Diagnostic(
                SpecDiagnosticCodes.OsReleaseIdInvalid, DiagnosticSeverity.Error, string.Format(CultureInfo.InvariantCulture, SpecMessages.OsReleaseIdInvalid, "ID", identity.Id), "ID")]);
        }

        return OsRelease.Format(BuildFields(spec.Spec, identity));
    }
}
