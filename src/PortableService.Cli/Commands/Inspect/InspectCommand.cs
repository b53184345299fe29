using System.CommandLine;
using System.Text.Json;
using PortableService.Cli.Output;
using PortableService.Inspection;

namespace PortableService.Cli.Commands.Inspect;

internal static class InspectCommand
{
    public static int Execute(ParseResult parse, InspectCommandDefinition definition, CommandOutput output)
    {
        var image = parse.GetValue(definition.Image)!;
        if (!image.Exists)
        {
            throw new FileNotFoundException($"The image {image.FullName} does not exist.");
        }

        var certificate = parse.GetValue(definition.Certificate);
        var report = ImageInspector.Inspect(image.FullName, new InspectionOptions { Certificate = certificate is null ? null : Path.GetFullPath(certificate) });
        var cat = parse.GetValue(definition.Cat);
        if (parse.GetValue(SharedOptions.Json))
        {
            var record = new InspectJson(
                report.Image,
                report.Prefixes,
                report.OsReleasePath,
                report.OsRelease,
                [.. report.Units.Select(u => new UnitJson(u.Name, u.Path, cat ? u.Text : null))],
                [.. report.Findings.Select(f => new FindingJson(f.Code, f.Severity.ToString().ToLowerInvariant(), f.Message, f.Location))],
                !report.HasErrors)
            {
                Format = report.Verification?.Format.ToString().ToLowerInvariant(),
                Protection = report.Verification?.Protection.ToString().ToLowerInvariant(),
                RootHash = report.Verification?.RootHash,
                Signer = report.Verification?.Signer,
            };
            output.Out.WriteLine(JsonSerializer.Serialize(record, JsonOutput.Default.InspectJson));
        }
        else
        {
            Print(report, cat, output.Out);
        }

        return report.HasErrors ? ExitCodes.UserError : ExitCodes.Success;
    }

    private static void Print(InspectionReport report, bool cat, TextWriter o)
    {
        o.WriteLine($"Image:\n    {report.Image}");
        if (report.Verification is { } verification)
        {
            var detail = verification.RootHash is null ? string.Empty : $" (root hash {verification.RootHash}{(verification.Signer is null ? string.Empty : $", signed by {verification.Signer}")})";
            o.WriteLine($"Protection:\n    {verification.Format.ToString().ToLowerInvariant()}, {verification.Protection.ToString().ToLowerInvariant()}{detail}");
        }

        o.WriteLine($"Prefixes:\n    {string.Join(' ', report.Prefixes)}");
        o.WriteLine(report.OsReleasePath is null ? "os-release:\n    (none)" : $"{report.OsReleasePath}:");
        foreach (var (key, value) in report.OsRelease)
        {
            o.WriteLine($"    {key}={value}");
        }

        o.WriteLine("Unit files:");
        foreach (var unit in report.Units)
        {
            o.WriteLine($"    {unit.Name}");
        }

        if (report.Units.Count == 0)
        {
            o.WriteLine("    (none)");
        }

        if (cat)
        {
            foreach (var unit in report.Units)
            {
                o.WriteLine($"\n# {unit.Path}");
                o.Write(unit.Text.EndsWith('\n') ? unit.Text : unit.Text + "\n");
            }

            o.WriteLine();
        }

        o.WriteLine("Checks:");
        foreach (var finding in report.Findings)
        {
            o.WriteLine($"    {finding.Severity.ToString().ToLowerInvariant()} {finding.Code}: {finding.Message}");
        }

        o.WriteLine(report.HasErrors ? "    FAILED: portabled would refuse this image, or its service would not start." : report.Findings.Count == 0 ? "    all passed" : "    passed, with warnings");
    }
}
