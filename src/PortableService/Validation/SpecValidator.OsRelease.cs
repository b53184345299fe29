using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Systemd;

namespace PortableService.Validation;

public static partial class SpecValidator
{
    /// <summary>
    /// What goes into os-release: values on one line (description, homepage, version, overrides), override keys
    /// <c>[A-Z0-9_]+</c>, an overridden ID valid; a homepage that is not an absolute URL is a warning.
    /// </summary>
    private static void ValidateOsRelease(PortableServiceSpec spec, SpecProblems diagnostics)
    {
        OneLine(spec.Description, "$.description", diagnostics);
        OneLine(spec.Homepage, "$.homepage", diagnostics);
        OneLine(spec.Version, "$.version", diagnostics);
        if (spec.Homepage is { Length: > 0 } homepage && OsRelease.IsValidValue(homepage) && !Uri.TryCreate(homepage, UriKind.Absolute, out _))
        {
            diagnostics.Warning(SpecDiagnosticCodes.HomepageNotUrl, "$.homepage", SpecMessages.HomepageNotUrl, homepage);
        }

        foreach ((string key, string value) in spec.OsRelease)
        {
            string location = JsonPath.Property("$.osRelease", key);
            if (!OsRelease.IsValidKey(key))
            {
                diagnostics.Error(SpecDiagnosticCodes.OsReleaseKeyInvalid, location, SpecMessages.OsReleaseKeyInvalid, location, key);
            }

            if (!OneLine(value, location, diagnostics))
            {
                continue;
            }

            if (key == "ID" && !OsRelease.IsValidId(value))
            {
                diagnostics.Error(SpecDiagnosticCodes.OsReleaseIdInvalid, location, SpecMessages.OsReleaseIdInvalid, location, value);
            }

            // portabled attaches only units that match a prefix: prefixes without the pname attach nothing of ours.
            if (key == "PORTABLE_PREFIXES" && !value.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Contains(spec.Pname, StringComparer.Ordinal))
            {
                diagnostics.Error(SpecDiagnosticCodes.OsReleasePrefixesLackPname, location, SpecMessages.OsReleasePrefixesLackPname, location, value, spec.Pname);
            }
        }
    }

    private static bool OneLine(string? value, string location, SpecProblems diagnostics)
    {
        if (value is null || OsRelease.IsValidValue(value))
        {
            return true;
        }

        diagnostics.Error(SpecDiagnosticCodes.OsReleaseValueMultiline, location, SpecMessages.OsReleaseValueMultiline, location);
        return false;
    }
}
