using PortableService.Diagnostics;
using PortableService.Validation;

namespace PortableService.Spec;

/// <summary>
/// The <c>SOURCE_DATE_EPOCH</c> convention (reproducible-builds.org): the time stamped on every inode, in seconds
/// since the Unix epoch. Unset means 0, as nixpkgs builds. Parsed strictly: digits only, and it must fit the 32 bits
/// squashfs stores.
/// </summary>
public static class SourceDateEpoch
{
    public const string VariableName = "SOURCE_DATE_EPOCH";

    /// <summary>The time when <c>SOURCE_DATE_EPOCH</c> is unset or empty.</summary>
    public const uint Default = 0;

    /// <summary>Parses <paramref name="value"/>; null or empty gives <see cref="Default"/>. Throws <see cref="DiagnosticException"/> (PS1701) otherwise.</summary>
    public static uint Parse(string? value) =>
        TryParse(value, out uint seconds, out string? error)
            ? seconds
            : throw new DiagnosticException([CreateDiagnostic(value!, error!)]);

    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="error"/> says why, in a few words.</summary>
    public static bool TryParse(string? value, out uint seconds, out string? error)
    {
        seconds = Default;
        error = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        ulong total = 0;
        foreach (char c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                error = "it must consist of digits only";
                return false;
            }

            total = (total * 10) + (ulong)(c - '0');
            if (total > uint.MaxValue)
            {
                error = "it is later than 2106-02-07, the last time squashfs can store";
                return false;
            }
        }

        seconds = (uint)total;
        return true;
    }

    /// <summary>Reads the <c>SOURCE_DATE_EPOCH</c> environment variable; see <see cref="Parse"/>.</summary>
    public static uint FromEnvironment() => Parse(Environment.GetEnvironmentVariable(VariableName));

    private static Diagnostic CreateDiagnostic(string value, string error) =>
        new(SpecDiagnosticCodes.SourceDateEpochInvalid, DiagnosticSeverity.Error, string.Format(CultureInfo.InvariantCulture, SpecMessages.SourceDateEpochInvalid, value, error), VariableName);
}
