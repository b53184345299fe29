using System.Buffers;
using System.Text;
using PortableService.Diagnostics;
using PortableService.Spec;

namespace PortableService.Validation;

public static partial class SpecValidator
{
    /// <summary>
    /// pname: portabled cuts the image name at the first '_' and accepts only <c>[A-Za-z0-9.-]</c> there.
    /// version: a valid part of the file name <c>&lt;pname&gt;_&lt;version&gt;.raw</c>, which fits in 255 bytes.
    /// </summary>
    private static void ValidateNames(PortableServiceSpec spec, SpecProblems diagnostics)
    {
        const string pnamePath = "$.pname", versionPath = "$.version";
        string pname = spec.Pname, version = spec.Version;
        if (pname.Length == 0)
        {
            diagnostics.Error(SpecDiagnosticCodes.PnameMissing, pnamePath, SpecMessages.PnameMissing);
        }
        else if (pname is "." or "..")
        {
            diagnostics.Error(SpecDiagnosticCodes.PnameDotName, pnamePath, SpecMessages.PnameDotName, pname);
        }
        else if (pname.Contains('_'))
        {
            diagnostics.Error(SpecDiagnosticCodes.PnameUnderscore, pnamePath, SpecMessages.PnameUnderscore, pname, pname[..pname.IndexOf('_')]);
        }
        else if (pname.AsSpan().IndexOfAnyExcept(PnameCharacters) is int bad and >= 0)
        {
            diagnostics.Error(SpecDiagnosticCodes.PnameInvalidCharacter, pnamePath, SpecMessages.PnameInvalidCharacter, pname, ShowCharacter(pname, bad), SuggestPname(pname));
        }

        if (version.Length == 0)
        {
            diagnostics.Error(SpecDiagnosticCodes.VersionMissing, versionPath, SpecMessages.VersionMissing);
        }
        else if (version is "." or "..")
        {
            diagnostics.Error(SpecDiagnosticCodes.VersionDotName, versionPath, SpecMessages.VersionDotName, version);
        }
        else if (version.Contains('/') || version.Contains('\0'))
        {
            diagnostics.Error(SpecDiagnosticCodes.VersionInvalidCharacter, versionPath, SpecMessages.VersionInvalidCharacter, version, version.Contains('/') ? "'/'" : "a NUL character");
        }

        if (pname.Length > 0 && version.Length > 0)
        {
            string fileName = spec.ImageFileName;
            int bytes = Encoding.UTF8.GetByteCount(fileName);
            if (bytes > ImagePath.MaxComponentBytes)
            {
                bool pnameAlone = Encoding.UTF8.GetByteCount(pname) + "_x.raw".Length > ImagePath.MaxComponentBytes;
                diagnostics.Error(SpecDiagnosticCodes.ImageFileNameTooLong, pnameAlone ? pnamePath : versionPath, SpecMessages.ImageFileNameTooLong, fileName, bytes);
            }
        }
    }

    /// <summary>What portabled accepts in an image name's prefix.</summary>
    private static readonly SearchValues<char> PnameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-");

    private static bool IsValidPname(string pname) => pname.Length > 0 && pname is not ("." or "..") && !pname.AsSpan().ContainsAnyExcept(PnameCharacters);

    /// <summary>The character at <paramref name="index"/>, for a message: 'x', a space, U+0009, or 'ö' (U+00F6).</summary>
    private static string ShowCharacter(string text, int index)
    {
        // Half a surrogate pair (a string from the API; JSON and argv cannot carry one) is no character at all.
        if (!Rune.TryGetRuneAt(text, char.IsLowSurrogate(text[index]) && index > 0 && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index, out Rune rune))
        {
            return $"half a surrogate pair (U+{(int)text[index]:X4})";
        }

        return rune.Value switch
        {
            0 => "a NUL character",
            ' ' => "a space",
            _ when Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) => $"U+{rune.Value:X4}",
            _ when !rune.IsAscii => $"'{rune}' (U+{rune.Value:X4})",
            _ => $"'{rune}'",
        };
    }

    /// <summary>The pname with every character portabled refuses turned into '-'.</summary>
    private static string SuggestPname(string pname)
    {
        var builder = new StringBuilder();
        foreach (Rune rune in pname.EnumerateRunes())
        {
            builder.Append(rune.IsAscii && PnameCharacters.Contains((char)rune.Value) ? (char)rune.Value : '-');
        }

        string suggestion = builder.ToString().Trim('-');
        return suggestion is "" or "." or ".." ? "my-service" : suggestion;
    }
}
