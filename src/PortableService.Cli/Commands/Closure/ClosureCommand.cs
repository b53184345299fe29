using System.CommandLine;
using System.Text.Json;
using PortableService.Building;
using PortableService.Cli.Output;
using PortableService.Closure;

namespace PortableService.Cli.Commands.Closure;

internal static class ClosureCommand
{
    public static int Execute(ParseResult parse, ClosureCommandDefinition definition, CommandOutput output, CancellationToken cancellationToken)
    {
        var spec = SpecValidator.ValidateOrThrow(SpecReader.ReadFile(parse.GetValue(definition.Spec)!.FullName));
        var options = new ClosureOptions
        {
            AllowMissing = parse.GetValue(SharedOptions.AllowMissing),
            ExtraLibraryDirectories = [.. (parse.GetValue(SharedOptions.ExtraLibraryDirectories) ?? []).Select(Path.GetFullPath)],
        };
        var closure = PortableImageBuilder.ResolveClosure(spec, options, cancellationToken);
        if (parse.GetValue(SharedOptions.Json))
        {
            var record = new ClosureJson(
                [.. closure.Items.Select(i => new ClosureItemJson(i.HostPath, i.Kind.ToString().ToLowerInvariant(), i.Size, i.Reason))],
                closure.TotalSize,
                [.. closure.Diagnostics.Select(d => new WarningJson(d.Code, d.Message))]);
            output.Out.WriteLine(JsonSerializer.Serialize(record, JsonOutput.Default.ClosureJson));
            return ExitCodes.Success;
        }

        var width = closure.Items.Count == 0 ? 0 : closure.Items.Max(i => i.HostPath.Length);
        foreach (var item in closure.Items)
        {
            output.Out.WriteLine($"{item.HostPath.PadRight(width)}  {Sizes.Format(item.Size),10}  {item.Kind.ToString().ToLowerInvariant(),-7}  {item.Reason}");
        }

        output.Out.WriteLine($"{closure.Items.Count} paths, {Sizes.Format(closure.TotalSize)}");
        foreach (var warning in closure.Diagnostics)
        {
            output.Error.WriteLine($"warning {warning.Code}: {warning.Message}");
        }

        return ExitCodes.Success;
    }
}
