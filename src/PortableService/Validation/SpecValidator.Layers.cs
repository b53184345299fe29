using PortableService.Diagnostics;
using PortableService.Layers;
using PortableService.Spec;
using PortableService.Systemd;

namespace PortableService.Validation;

public static partial class SpecValidator
{
    /// <summary>
    /// type and base: the type is known; a base is only for extensions, and is a squashfs image with an os-release;
    /// an extension places contents and symlinks only in the hierarchies portabled lays over the base. Returns the type
    /// and the base's os-release fields (null without a base).
    /// </summary>
    /// <summary>The type a spec's <c>type</c> names; null for an unknown name.</summary>
    private static ImageType? ParseType(string name) => name switch
    {
        "portable" => ImageType.Portable,
        "extension" => ImageType.Extension,
        "confext" => ImageType.Confext,
        _ => null,
    };

    private static (ImageType Type, IReadOnlyDictionary<string, string>? BaseOsRelease) ValidateLayers(PortableServiceSpec spec, SpecProblems diagnostics)
    {
        if (ParseType(spec.Type) is not { } type)
        {
            diagnostics.Error(SpecDiagnosticCodes.TypeInvalid, "$.type", SpecMessages.TypeInvalid, spec.Type);
            return (ImageType.Portable, null);
        }

        if (type != ImageType.Portable)
        {
            var where = string.Join(" and ", ExtensionRelease.Hierarchies(type));
            var kind = type == ImageType.Confext ? "confext" : "extension";
            for (var i = 0; i < spec.Contents.Count; i++)
            {
                if (spec.Contents[i].ImageTarget is { } target && !ExtensionRelease.Carries(type, target))
                {
                    var location = JsonPath.Index("$.contents", i);
                    diagnostics.Error(SpecDiagnosticCodes.OutsideExtensionHierarchies, location, SpecMessages.OutsideExtensionHierarchies, location, target, where, kind);
                }
            }

            for (var i = 0; i < spec.Symlinks.Count; i++)
            {
                if (ImagePath.Normalize(spec.Symlinks[i].Symlink, out var link) == ImagePathProblem.None && !ExtensionRelease.Carries(type, link!))
                {
                    var location = JsonPath.Property(JsonPath.Index("$.symlinks", i), "symlink");
                    diagnostics.Error(SpecDiagnosticCodes.OutsideExtensionHierarchies, location, SpecMessages.OutsideExtensionHierarchies, location, link, where, kind);
                }
            }
        }

        if (spec.Base is not { } basePath)
        {
            return (type, null);
        }

        if (type == ImageType.Portable)
        {
            diagnostics.Error(SpecDiagnosticCodes.BaseForPortable, "$.base", SpecMessages.BaseForPortable);
            return (type, null);
        }

        var probe = FileProbe.Of(basePath);
        if (probe.TargetKind is not (FileKind.Regular or FileKind.Directory))
        {
            var why = probe.Exists ? $"is a {probe.TargetDescription}, not an image" : "does not exist";
            diagnostics.Error(SpecDiagnosticCodes.BaseNotFound, "$.base", SpecMessages.BaseNotFound, basePath, why);
            return (type, null);
        }

        try
        {
            using var image = BaseImage.Open(basePath);
            return (type, image.OsRelease);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(SpecDiagnosticCodes.BaseUnreadable, "$.base", SpecMessages.BaseUnreadable, basePath, e.Message.TrimEnd('.'));
            return (type, null);
        }
    }
}
