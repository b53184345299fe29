using PortableService.Building;
using PortableService.Diagnostics;
using PortableService.Spec;
using Squashfs.Compression;
using Squashfs;

namespace PortableService.Validation;

public static partial class SpecValidator
{
    /// <summary>
    /// squash-compression and squash-block-size in mksquashfs's syntax, and their combination (an xz dictionary must
    /// fit the block); squashfsTools, when given, holds mksquashfs. Returns the parsed settings (null when invalid).
    /// </summary>
    private static (CompressionSettings? Compression, int BlockSize) ValidateSquashfs(PortableServiceSpec spec, SpecProblems diagnostics)
    {
        if (!CompressionSettings.TryParse(spec.SquashCompression, out CompressionSettings? compression, out string? compressionError))
        {
            diagnostics.Error(SpecDiagnosticCodes.CompressionInvalid, "$.squash-compression", SpecMessages.CompressionInvalid, spec.SquashCompression, Clause(compressionError));
        }

        if (!BlockSize.TryParse(spec.SquashBlockSize, out int blockSize, out string? blockSizeError))
        {
            diagnostics.Error(SpecDiagnosticCodes.BlockSizeInvalid, "$.squash-block-size", SpecMessages.BlockSizeInvalid, spec.SquashBlockSize, Clause(blockSizeError));
        }
        else if (compression?.ProblemWith(blockSize) is { } problem)
        {
            diagnostics.Error(SpecDiagnosticCodes.CompressionDoesNotFitBlockSize, "$.squash-compression", SpecMessages.CompressionDoesNotFitBlockSize, spec.SquashCompression, spec.SquashBlockSize, Clause(problem));
            compression = null;
        }

        ValidateSquashfsTools(spec, diagnostics);
        return (compression, blockSize);
    }

    private static void ValidateSquashfsTools(PortableServiceSpec spec, SpecProblems diagnostics)
    {
        const string toolsLocation = "$.squashfsTools";
        if (spec.SquashfsTools is not { } tools)
        {
            return;
        }

        if (tools.Length == 0)
        {
            diagnostics.Error(SpecDiagnosticCodes.SquashfsToolsNotFound, toolsLocation, SpecMessages.SquashfsToolsEmpty);
        }
        else if (!File.Exists(tools) && !Directory.Exists(tools))
        {
            diagnostics.Error(SpecDiagnosticCodes.SquashfsToolsNotFound, toolsLocation, SpecMessages.SquashfsToolsNotFound, tools);
        }
        else if (MksquashfsLocator.Locate(tools) is null)
        {
            diagnostics.Error(SpecDiagnosticCodes.MksquashfsNotFound, toolsLocation, SpecMessages.MksquashfsNotFound, tools);
        }
    }

    /// <summary>An error text from a parser as a clause: no final period.</summary>
    private static string Clause(string? error) => string.IsNullOrWhiteSpace(error) ? "mksquashfs would reject it" : error.Trim().TrimEnd('.');
}
