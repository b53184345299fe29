using System.Diagnostics;
using PortableService.Building;

namespace PortableService.Cli.Output;

/// <summary>One self-overwriting status line on a terminal: the stage, then files and bytes done and the rate.</summary>
internal sealed class ProgressDisplay(TextWriter terminal) : IProgress<BuildProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private TimeSpan _lastDraw = -Interval;
    private bool _drawn;

    public void Report(BuildProgress value)
    {
        lock (_lock)
        {
            var now = _clock.Elapsed;
            if (value.Stage == BuildStage.Done)
            {
                if (_drawn)
                {
                    terminal.Write("\r\u001b[K");
                    terminal.Flush();
                }

                return;
            }

            if (now - _lastDraw < Interval && value.Stage == BuildStage.Writing)
            {
                return;
            }

            _lastDraw = now;
            _drawn = true;
            var text = value.Stage switch
            {
                BuildStage.Validating => "validating the spec",
                BuildStage.ResolvingClosure => "resolving dependencies",
                BuildStage.LayingOut => "laying out the image",
                _ => $"writing: {value.FilesDone}/{value.FilesTotal} files, {Sizes.Format(value.BytesRead)} read, {Sizes.Format((long)(value.BytesRead / Math.Max(now.TotalSeconds, 0.001)))}/s",
            };
            terminal.Write($"\r\u001b[K{text}");
            terminal.Flush();
        }
    }
}
