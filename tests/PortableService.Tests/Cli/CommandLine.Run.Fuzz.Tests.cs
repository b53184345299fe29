using System.Globalization;
using PortableService.Cli;
using PortableService.Cli.Output;
using Xunit.Abstractions;

namespace PortableService.Tests.Cli;

/// <summary>
/// Whatever the command line and the spec, the CLI ends with 0, 1 or 2, within a time limit, without a stack trace:
/// random option values and random JSON specs (<see cref="CliInputGenerator"/>) go to build, closure, inspect and
/// squash, in-process. Seeded and reproducible: a failure names the seed and the case, and
/// PORTABLE_SERVICE_FUZZ_SEED=N (PORTABLE_SERVICE_FUZZ_CASES=N for more cases) runs them again.
/// </summary>
public sealed class CommandLineRunFuzzTests(ITestOutputHelper log) : IDisposable
{
    private const int DefaultSeed = 1202;
    private const int DefaultCases = 500;

    /// <summary>Far more than any case takes (the slowest, a full build, takes about a second), so a case over it hangs.</summary>
    private static readonly TimeSpan CaseTimeLimit = TimeSpan.FromSeconds(30);

    private readonly CliFuzzWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void RandomArgumentsAndSpecs_EndWithZeroOneOrTwo_AndNoStackTrace()
    {
        var seed = Setting("PORTABLE_SERVICE_FUZZ_SEED") ?? DefaultSeed;
        var cases = Setting("PORTABLE_SERVICE_FUZZ_CASES") ?? DefaultCases;
        var exitCodes = new int[3];
        for (var index = 0; index < cases; index++)
        {
            _workspace.Reset();
            var args = new CliInputGenerator(new Random((seed * 100_003) + index), _workspace).Arguments();
            var (code, error) = Run(args, seed, index);
            if (code is not (ExitCodes.Success or ExitCodes.UserError or ExitCodes.Usage) || error.Contains("internal error", StringComparison.Ordinal) || error.Contains("\n   at ", StringComparison.Ordinal))
            {
                Assert.Fail($"{Case(seed, index, args)} exited {code}:\n{error[..Math.Min(error.Length, 4000)]}");
            }

            exitCodes[code]++;
        }

        // The generator must reach past validation: some cases build, most are refused.
        log.WriteLine($"seed {seed}, {cases} cases, exit codes 0/1/2: {string.Join('/', exitCodes)}");
        Assert.True(exitCodes[ExitCodes.Success] > 0 && exitCodes[ExitCodes.UserError] > 0, $"exit codes 0/1/2: {string.Join('/', exitCodes)}");
    }

    /// <summary>Runs one case on its own thread: a case that outlives the limit is cancelled, and reported as a hang.</summary>
    private (int Code, string Error) Run(string[] args, int seed, int index)
    {
        var error = new StringWriter();
        using var cancellation = new CancellationTokenSource();
        var run = Task.Factory.StartNew(() => CommandLine.Run(args, new CommandOutput(TextWriter.Null, error, ErrorIsTerminal: false), cancellation.Token), TaskCreationOptions.LongRunning);
        if (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(CaseTimeLimit))
        {
            cancellation.Cancel();
            var stopped = ((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5));
            Assert.Fail($"{Case(seed, index, args)} did not end within {CaseTimeLimit.TotalSeconds} s{(stopped ? string.Empty : ", nor within 5 s of being cancelled")}.");
        }

        // An exception out of CommandLine.Run is what the real program dies of: a crash.
        return run.IsFaulted ? (ExitCodes.InternalError, $"internal error: {run.Exception!.InnerException}") : (run.Result, error.ToString());
    }

    private string Case(int seed, int index, string[] args) =>
        $"case {index} of seed {seed} (PORTABLE_SERVICE_FUZZ_SEED={seed}), in {_workspace.Root}: portable-service {CliInputGenerator.Describe(args)}\nspec: {SpecText()}";

    private string SpecText()
    {
        var text = File.ReadAllText(Path.Join(_workspace.Root, "a/b/spec.json"));
        return text.Length > 2000 ? text[..2000] + "..." : text;
    }

    private static int? Setting(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
