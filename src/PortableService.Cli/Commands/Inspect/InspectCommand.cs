using System.CommandLine;
using System.Text.Json;
using PortableService.Cli.Output;
using PortableService.Diagnostics;
using PortableService.Inspection;
using PortableService.Systemd;

namespace PortableService.Cli.Commands.Inspect;

internal static class InspectCommand
{
    public static int Execute(ParseResult parse, InspectCommandDefinition definition, CommandOutput output, CancellationToken cancellationToken)
    {
        // An image directory given as DIR/ is DIR: its name is what portabled takes the prefix from.
        var image = Path.TrimEndingDirectorySeparator(parse.GetValue(definition.Image)!.FullName);
        if (!Path.Exists(image))
        {
            throw new FileNotFoundException($"The image {image} does not exist.");
        }

        var version = parse.GetValue(definition.SystemdVersion);
        if (version is { } v && !PortableProfile.BuiltInVersions.Contains(v))
        {
            throw new DiagnosticException([new Diagnostic(InspectionCodes.ProfileNotFound, DiagnosticSeverity.Error, $"--systemd {v}: the standard profiles of systemd {string.Join(" and ", PortableProfile.BuiltInVersions)} are built in; choose one of them.", "--systemd")]);
        }

        if (parse.GetValue(definition.AllProfiles))
        {
            return AllProfiles(image, version, parse.GetValue(SharedOptions.Json), output, cancellationToken);
        }

        var name = parse.GetValue(definition.Profile)!;
        var profile = PortableProfile.Find(name, version)
            ?? throw new DiagnosticException([new Diagnostic(InspectionCodes.ProfileNotFound, DiagnosticSeverity.Error, $"--profile {name}: no such profile on this machine or built in, and no such file: use {string.Join(", ", PortableProfile.StandardNames)}, or a path to a service.conf.", "--profile")]);
        var certificate = parse.GetValue(definition.Certificate);
        var basePath = parse.GetValue(definition.Base);
        var report = ImageInspector.Inspect(image, new InspectionOptions
        {
            Profile = profile,
            Certificate = certificate is null ? null : Path.GetFullPath(certificate),
            Base = basePath is null ? null : Path.GetFullPath(basePath),
        }, cancellationToken);
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
                !report.HasErrors,
                report.Profile is { } p ? new ProfileJson(p.Name, p.Source) : null)
            {
                Kind = report.Kind.ToString().ToLowerInvariant(),
                MatchesBase = report.MatchesBase,
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

    /// <summary>Inspects under every standard profile: a table of whether the services would start, and why not.</summary>
    private static int AllProfiles(string image, int? version, bool json, CommandOutput output, CancellationToken cancellationToken)
    {
        var rows = PortableProfile.StandardNames
            .Select(name => PortableProfile.Find(name, version)!)
            .Select(profile => (Profile: profile, Report: ImageInspector.Inspect(image, new InspectionOptions { Profile = profile }, cancellationToken)))
            .ToList();
        if (json)
        {
            var record = rows.Select(r => new ProfileVerdictJson(
                r.Profile.Name,
                r.Profile.Source,
                !r.Report.HasErrors,
                [.. r.Report.Findings.Select(f => new FindingJson(f.Code, f.Severity.ToString().ToLowerInvariant(), f.Message, f.Location))])).ToList();
            output.Out.WriteLine(JsonSerializer.Serialize(record, JsonOutput.Default.ListProfileVerdictJson));
        }
        else
        {
            output.Out.WriteLine($"{"profile",-10} {"starts",-6}  why not");
            foreach (var (profile, report) in rows)
            {
                var errors = report.Findings.Where(f => f.Severity == DiagnosticSeverity.Error).ToList();
                output.Out.WriteLine($"{profile.Name,-10} {(errors.Count == 0 ? "yes" : "no"),-6}  {(errors.Count == 0 ? string.Empty : TerminalText.Message(string.Join("; ", errors.Select(e => $"{e.Code} {e.Message}"))))}");
            }

            output.Out.WriteLine($"(profiles: {string.Join(", ", rows.Select(r => $"{r.Profile.Name} from {r.Profile.Source}").Distinct())})");
        }

        return rows.All(r => r.Report.HasErrors) ? ExitCodes.UserError : ExitCodes.Success;
    }

    private static void Print(InspectionReport report, bool cat, TextWriter o)
    {
        o.WriteLine($"Image:\n    {report.Image}");
        if (report.Verification is { } verification)
        {
            var detail = verification.RootHash is null ? string.Empty : $" (root hash {verification.RootHash}{(verification.Signer is null ? string.Empty : $", signed by {verification.Signer}")})";
            o.WriteLine($"Protection:\n    {verification.Format.ToString().ToLowerInvariant()}, {verification.Protection.ToString().ToLowerInvariant()}{detail}");
        }

        if (report.Kind != PortableService.Spec.ImageType.Portable)
        {
            var match = report.MatchesBase is { } matches ? matches ? ", matches the base" : ", does not match the base" : string.Empty;
            o.WriteLine($"Kind:\n    {report.Kind.ToString().ToLowerInvariant()}{match}");
        }

        o.WriteLine($"Prefixes:\n    {TerminalText.Message(string.Join(' ', report.Prefixes))}");
        o.WriteLine(report.OsReleasePath is null ? "os-release:\n    (none)" : $"{report.OsReleasePath}:");
        foreach (var (key, value) in report.OsRelease)
        {
            o.WriteLine($"    {TerminalText.Message($"{key}={value}")}");
        }

        o.WriteLine("Unit files:");
        foreach (var unit in report.Units)
        {
            o.WriteLine($"    {TerminalText.Message(unit.Name)}");
        }

        if (report.Units.Count == 0)
        {
            o.WriteLine("    (none)");
        }

        if (cat)
        {
            foreach (var unit in report.Units)
            {
                o.WriteLine($"\n# {TerminalText.Message(unit.Path)}");
                var text = TerminalText.Block(unit.Text);
                o.Write(text.EndsWith('\n') ? text : text + "\n");
            }

            o.WriteLine();
        }

        if (report.Profile is { } profile)
        {
            o.WriteLine($"Profile:\n    {profile.Name} ({profile.Source})");
        }

        o.WriteLine("Checks:");
        foreach (var finding in report.Findings)
        {
            o.WriteLine($"    {TerminalText.Line(finding)}");
        }

        o.WriteLine(report.HasErrors ? "    FAILED: portabled would refuse this image, or its service would not start." : report.Findings.Count == 0 ? "    all passed" : "    passed, with warnings");
    }
}
