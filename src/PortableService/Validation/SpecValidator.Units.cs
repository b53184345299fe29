using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Systemd;

namespace PortableService.Validation;

public static partial class SpecValidator
{
    /// <summary>A unit file is a few hundred bytes; anything near this is not one (and is not read into memory).</summary>
    private const long MaxUnitFileBytes = 1 << 20;

    /// <summary>
    /// Units (none makes a base image: a warning); each a valid unit name that portabled attaches for this pname (prefix followed by '-', '.',
    /// '@' or nothing; type .service, .socket, .target, .timer or .path), unique, and either non-empty text or an
    /// existing, readable, non-empty regular file (a symlink to one is fine).
    /// </summary>
    /// <returns>Each unit's text, read once (empty for a unit that cannot be read).</returns>
    private static string[] ValidateUnits(PortableServiceSpec spec, SpecProblems diagnostics)
    {
        var texts = new string[spec.Units.Count];
        if (spec.Units.Count == 0)
        {
            // An extension may carry payload alone; a portable image without units is a base for extensions.
            if (spec.Type == PortableServiceSpec.DefaultType)
            {
                diagnostics.Warning(SpecDiagnosticCodes.NoUnits, "$.units", SpecMessages.NoUnits, IsValidPname(spec.Pname) ? spec.Pname : "hello");
            }

            return texts;
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < spec.Units.Count; i++)
        {
            UnitSource unit = spec.Units[i];
            string location = JsonPath.Index("$.units", i);
            string nameLocation = location;
            texts[i] = string.Empty;
            switch (unit)
            {
                case FileUnitSource file:
                    if (file.Path.Length == 0)
                    {
                        diagnostics.Error(SpecDiagnosticCodes.UnitFileNotFound, location, SpecMessages.UnitPathEmpty, location);
                        continue;
                    }

                    texts[i] = ReadUnitFile(file.Path, location, diagnostics);
                    break;
                case InlineUnitSource inline:
                    texts[i] = inline.Text;
                    if (inline.Text.Contains('\0'))
                    {
                        string textLocation = JsonPath.Property(location, "text");
                        diagnostics.Error(SpecDiagnosticCodes.UnitInlineTextNul, textLocation, SpecMessages.UnitInlineTextNul, textLocation, inline.Name);
                    }
                    nameLocation = JsonPath.Property(location, "name");
                    if (string.IsNullOrWhiteSpace(inline.Text))
                    {
                        string textLocation = JsonPath.Property(location, "text");
                        diagnostics.Error(SpecDiagnosticCodes.UnitInlineTextEmpty, textLocation, SpecMessages.UnitInlineTextEmpty, textLocation, inline.Name);
                    }

                    break;
            }

            string name = unit.Name;
            if (SystemdUnitName.Problem(name) is { } problem)
            {
                diagnostics.Error(SpecDiagnosticCodes.UnitNameInvalid, nameLocation, SpecMessages.UnitNameInvalid, nameLocation, name, problem);
                continue;
            }

            if (!SystemdUnitName.IsPortableType(name))
            {
                diagnostics.Error(SpecDiagnosticCodes.UnitTypeNotPortable, nameLocation, SpecMessages.UnitTypeNotPortable, nameLocation, name, name[name.LastIndexOf('.')..]);
            }
            else if (IsValidPname(spec.Pname) && !SystemdUnitName.MatchesPrefix(name, spec.Pname))
            {
                diagnostics.Error(SpecDiagnosticCodes.UnitPrefixMismatch, nameLocation, SpecMessages.UnitPrefixMismatch, nameLocation, name, spec.Pname);
            }

            if (seen.TryGetValue(name, out string? first))
            {
                diagnostics.Error(SpecDiagnosticCodes.UnitDuplicate, nameLocation, SpecMessages.UnitDuplicate, nameLocation, name, first);
            }
            else
            {
                seen.Add(name, location);
            }
        }

        return texts;
    }

    /// <summary>The unit file's text, read once; empty after reporting why it cannot be used.</summary>
    private static string ReadUnitFile(string path, string location, SpecProblems diagnostics)
    {
        FileProbe probe = FileProbe.Of(path);
        if (!probe.Exists)
        {
            diagnostics.Error(SpecDiagnosticCodes.UnitFileNotFound, location, SpecMessages.UnitFileNotFound, location, path);
        }
        else if (probe.IsDangling)
        {
            diagnostics.Error(SpecDiagnosticCodes.UnitDanglingSymlink, location, probe.IsLoop ? SpecMessages.UnitSymlinkLoop : SpecMessages.UnitDanglingSymlink, location, path, probe.LinkTarget);
        }
        else if (probe.TargetKind != FileKind.Regular)
        {
            diagnostics.Error(SpecDiagnosticCodes.UnitNotRegularFile, location, SpecMessages.UnitNotRegularFile, location, path, probe.TargetDescription);
        }
        else if (probe.TargetSize == 0 && ImageScaffold.KernelFileSystemOf(RealPath(path)) is { } kernel)
        {
            // Every file in /proc says size 0: "empty" would mislead.
            diagnostics.Error(SpecDiagnosticCodes.UnitFileInKernelFileSystem, location, SpecMessages.UnitFileInKernelFileSystem, location, path, kernel);
        }
        else if (probe.TargetSize == 0)
        {
            diagnostics.Error(SpecDiagnosticCodes.UnitFileEmpty, location, SpecMessages.UnitFileEmpty, location, path);
        }
        else if (probe.TargetSize > MaxUnitFileBytes)
        {
            diagnostics.Error(SpecDiagnosticCodes.UnitFileTooLarge, location, SpecMessages.UnitFileTooLarge, location, path, probe.TargetSize, MaxUnitFileBytes);
        }
        else
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(SpecDiagnosticCodes.UnitUnreadable, location, SpecMessages.UnitUnreadable, location, path, e.Message);
            }
        }

        return string.Empty;
    }
}
