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

        var planned = plan.Entries.Where(e => e.Kind is PlannedEntryKind.Content or PlannedEntryKind.Symlink or PlannedEntryKind.File).ToList();
        var width = planned.Select(e => e.ImagePath.Length).Concat(closure.Items.Select(i => i.HostPath.Length)).DefaultIfEmpty(0).Max();
        foreach (var entry in planned)
        {
            var what = entry.Kind == PlannedEntryKind.Symlink ? $"-> {entry.LinkTarget}" : entry.Kind.ToString().ToLowerInvariant();
            output.Out.WriteLine($"{entry.ImagePath.PadRight(width)}  {"",10}  {"planned",-7}  {entry.Reason}{(entry.Kind == PlannedEntryKind.Symlink ? $" {what}" : string.Empty)}");
        }

        foreach (var item in closure.Items)
        {
            output.Out.WriteLine($"{item.HostPath.PadRight(width)}  {Sizes.Format(item.Size),10}  {item.Kind.ToString().ToLowerInvariant(),-7}  {item.Reason}");
        }

        output.Out.WriteLine($"{planned.Count} planned entries, {closure.Items.Count} closure paths, {Sizes.Format(closure.TotalSize)}");
        foreach (var warning in plan.Warnings)
        {
            output.Error.WriteLine(TerminalText.Line(warning));
        }

        return ExitCodes.Success;
    }
}
