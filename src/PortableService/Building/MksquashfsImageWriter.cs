using System.Diagnostics;
using PortableService.Diagnostics;
using Squashfs;
using Squashfs.Tree;

namespace PortableService.Building;

/// <summary>
/// Writes the image with an external mksquashfs, as nixpkgs does: the tree is staged in a temporary directory and
/// packed with nixpkgs' flags and SOURCE_DATE_EPOCH set. Its error output reaches the user as it is.
/// </summary>
internal static class MksquashfsImageWriter
{
    public static void Write(ImageDirectory root, string mksquashfs, string outputPath, SquashfsWriterOptions options, uint sourceDateEpoch, CancellationToken cancellationToken)
    {
        var stage = Directory.CreateTempSubdirectory("portable-service-stage-").FullName;
        try
        {
            TreeStager.Stage(root, stage, modificationTime: null, cancellationToken);
            var start = new ProcessStartInfo(mksquashfs) { RedirectStandardOutput = true, RedirectStandardError = true };
            string[] arguments =
            [
                stage, outputPath, "-noappend", "-exit-on-error", "-all-root", "-root-mode", "755",
                "-b", options.BlockSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                .. options.Compression.ToMksquashfsArguments(),
                "-processors", Math.Max(1, options.Parallelism).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-no-progress", "-quiet",
            ];
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["SOURCE_DATE_EPOCH"] = sourceDateEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {mksquashfs}.");
            using var registration = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                var output = (stderr.Result + stdout.Result).Trim();
                throw new DiagnosticException([new Diagnostic(BuildDiagnosticCodes.MksquashfsFailed, DiagnosticSeverity.Error, $"{mksquashfs} failed with exit code {process.ExitCode}: {output}", mksquashfs)]);
            }
        }
        finally
        {
            Directory.Delete(stage, recursive: true);
        }
    }
}
