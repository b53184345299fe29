using PortableService.Diagnostics;

namespace PortableService;

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
    /// The text of <c>/etc/os-release</c>. Throws <see cref="DiagnosticException"/> with the os-release problems
    /// <see cref="SpecValidator"/> reports (PS16xx: bad override keys, line breaks in values, an invalid ID).
    /// </summary>
    public static string Write(PortableServiceSpec spec, OsReleaseIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(identity);
        var diagnostics = new List<Diagnostic>();
        SpecValidator.ValidateOsRelease(spec, diagnostics);
        if (!OsRelease.IsValidId(identity.Id) && !spec.OsRelease.ContainsKey("ID"))
        {
            diagnostics.Add(new Diagnostic(
                SpecDiagnosticCodes.OsReleaseIdInvalid, DiagnosticSeverity.Error, string.Format(SpecMessages.OsReleaseIdInvalid, "ID", identity.Id), "ID"));
        }

        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new DiagnosticException([.. diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)]);
        }

        return OsRelease.Format(BuildFields(spec, identity));
    }
}
