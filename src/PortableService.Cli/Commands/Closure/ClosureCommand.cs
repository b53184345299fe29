using System.CommandLine;
using System.Text.Json;
using PortableService.Building;
using PortableService.Cli.Output;
using PortableService.Planning;
using PortableService.Spec;
using PortableService.Validation;

namespace PortableService.Cli.Commands.Closure;

/// <summary>Runs `closure`: plans the image as `build` would, and prints the plan instead of writing it.</summary>
internal static class ClosureCommand
{
    public static int Execute(ParseResult parse, ClosureCommandDefinition definition, CommandOutput output, CancellationToken cancellationToken)
    {
        var spec = SpecValidator.ValidateOrThrow(SpecReader.ReadFile(parse.GetValue(definition.Spec)!.FullName));
        using var plan = ImagePlanner.Plan(spec, new BuildOptions { Closure = SharedOptions.ClosureOptions(parse) }, cancellationToken);
        var closure = plan.Closure;
        if (parse.GetValue(SharedOptions.Json))
        {
            var record = new ClosureJson(
                [.. plan.Entries.Select(e => new PlannedEntryJson(e.ImagePath, e.Kind.ToString().ToLowerInvariant(), e.HostPath, e.Reason))],
                [.. closure.Items.Select(i => new ClosureItemJson(i.HostPath, i.Kind.ToString().ToLowerInvariant(), i.Size, i.Reason))],
                closure.TotalSize,
                [.. plan.Warnings.Select(d => new WarningJson(d.Code, d.Message))]);
            output.Out.WriteLine(JsonSerializer.Serialize(record, JsonOutput.Default.ClosureJson));
            return ExitCodes.Success;
        }

        // Paths and reasons are host file names: escaped, so that none can drive the terminal.
        var planned = plan.Entries.Where(e => e.Kind is PlannedEntryKind.Content or PlannedEntryKind.Symlink or PlannedEntryKind.File)
            .Select(e => (Path: TerminalText.Message(e.ImagePath), Size: string.Empty, Kind: "planned", Reason: TerminalText.Message(e.Kind == PlannedEntryKind.Symlink ? $"{e.Reason} -> {e.LinkTarget}" : e.Reason)))
            .ToList();
        var items = closure.Items
            .Select(i => (Path: TerminalText.Message(i.HostPath), Size: Sizes.Format(i.Size), Kind: i.Kind.ToString().ToLowerInvariant(), Reason: TerminalText.Message(i.Reason)))
            .ToList();
        var width = planned.Concat(items).Select(r => r.Path.Length).DefaultIfEmpty(0).Max();
        foreach (var row in planned.Concat(items))
        {
            output.Out.WriteLine($"{row.Path.PadRight(width)}  {row.Size,10}  {row.Kind,-7}  {row.Reason}");
        }

        output.Out.WriteLine($"{planned.Count} planned entries, {closure.Items.Count} closure paths, {Sizes.Format(closure.TotalSize)}");
        foreach (var warning in plan.Warnings)
        {
            output.Error.WriteLine(TerminalText.Line(warning));
        }

        return ExitCodes.Success;
    }
}
