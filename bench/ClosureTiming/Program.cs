using System.Diagnostics;
using PortableService.Building;
using PortableService.Closure;
using PortableService.Layout;
using PortableService.Planning;
using PortableService.Spec;
using PortableService.Validation;

// Usage: ClosureTiming SPEC [RUNS]. Times what `build` does before writing: read and validate the spec, plan the
// image (its closure resolved in the planned tree), lay out the tree. The first run pays for JIT as a `build` process does; later runs show the steady state.
var specPath = args[0];
var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
var closureTimes = new List<double>();
var layoutTimes = new List<double>();
var items = 0;
var entries = 0;
for (var run = 0; run < runs; run++)
{
    var stopwatch = Stopwatch.StartNew();
    var spec = SpecValidator.ValidateOrThrow(SpecReader.ReadFile(specPath));
    var plan = ImagePlanner.Plan(spec, new BuildOptions { Closure = new ClosureOptions { AllowMissing = true } });
    closureTimes.Add(stopwatch.Elapsed.TotalSeconds);
    stopwatch.Restart();
    var root = PortableImageLayout.Create(plan);
    layoutTimes.Add(stopwatch.Elapsed.TotalSeconds);
    items = plan.Closure.Items.Count;
    entries = root.Descendants().Count();
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

var warm = Enumerable.Range(1, runs - 1).ToList();
Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
    $"{items} closure items, {entries} image entries; first run (cold JIT) closure {closureTimes[0]:0.000} s + layout {layoutTimes[0]:0.000} s = {closureTimes[0] + layoutTimes[0]:0.000} s; " +
    $"later runs median closure {(runs > 1 ? Median(warm.Select(i => closureTimes[i])) : double.NaN):0.000} s + layout {(runs > 1 ? Median(warm.Select(i => layoutTimes[i])) : double.NaN):0.000} s"));
