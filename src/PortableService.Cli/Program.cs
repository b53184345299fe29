using System.CommandLine;
using System.Runtime.InteropServices;
using PortableService.Cli;

using var cancellation = new CancellationTokenSource();

// Ctrl-C and SIGTERM cancel the build; the writer then removes its temporary file, so no partial image remains.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
return CommandLine.Run(args, PortableService.Cli.Output.CommandOutput.Console, cancellation.Token);

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}
