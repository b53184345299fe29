using System.Buffers;
using System.Text;
using PortableService.Diagnostics;

namespace PortableService;

public static partial class SpecValidator
{
    /// <summary>
    /// pname: portabled cuts the image name at the first '_' and accepts only <c>[A-Za-z0-9.-]</c> there.
    /// version: a valid part of the file name <c>&lt;pname&gt;_&lt;version&gt;.raw</c>, which fits in 255 bytes.
    /// </summary>
    private static void ValidateNames(PortableServiceSpec spec, List<Diagnostic> diagnostics)
    {
        const string pnamePath = "$.pname", versionPath = "$.version";
        string pname = spec.Pname, version = spec.Version;
        if (pname.Length == 0)
        {
            Error(diagnostics, SpecDiagnosticCodes.PnameMissing, pnamePath, SpecMessages.PnameMissing);
        }
        else if (pname is "." or "..")
        {
            Error(diagnostics, SpecDiagnosticCodes.PnameDotName, pnamePath, SpecMessages.PnameDotName, pname);
        }
        else if (pname.Contains('_'))
        {
            Error(diagnostics, SpecDiagnosticCodes.PnameUnderscore, pnamePath, SpecMessages.PnameUnderscore, pname, pname[..pname.IndexOf('_')]);
        }
        else if (pname.AsSpan().IndexOfAnyExcept(PnameCharacters) is int bad and >= 0)
        {
            Error(diagnostics, SpecDiagnosticCodes.PnameInvalidCharacter, pnamePath, SpecMessages.PnameInvalidCharacter, pname, ShowCharacter(pname[bad]));
        }

        if (version.Length == 0)
        {
            Error(diagnostics, SpecDiagnosticCodes.VersionMissing, versionPath, SpecMessages.VersionMissing);
        }
        else if (version is "." or "..")
        {
            Error(diagnostics, SpecDiagnosticCodes.VersionDotName, versionPath, SpecMessages.VersionDotName, version);
        }
        else if (version.Contains('/') || version.Contains('\0'))
        {
            Error(diagnostics, SpecDiagnosticCodes.VersionInvalidCharacter, versionPath, SpecMessages.VersionInvalidCharacter, version, version.Contains('/') ? "'/'" : "a NUL character");
        }

        if (pname.Length > 0 && version.Length > 0)
        {
            string fileName = spec.ImageFileName;
            int bytes = Encoding.UTF8.GetByteCount(fileName);
            if (bytes > ImagePath.MaxComponentBytes)
            {
                bool pnameAlone = Encoding.UTF8.GetByteCount(pname) + "_x.raw".Length > ImagePath.MaxComponentBytes;
                Error(diagnostics, SpecDiagnosticCodes.ImageFileNameTooLong, pnameAlone ? pnamePath : versionPath, SpecMessages.ImageFileNameTooLong, fileName, bytes);
            }
        }
    }

    /// <summary>What portabled accepts in an image name's prefix.</summary>
    private static readonly SearchValues<char> PnameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-");

    private static bool IsValidPname(string pname) => pname.Length > 0 && pname is not ("." or "..") && !pname.AsSpan().ContainsAnyExcept(PnameCharacters);

    private static string ShowCharacter(char c) => c == '\0' ? "a NUL character" : SystemdUnitName.Show(c);
}
