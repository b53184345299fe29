using System.CommandLine;

namespace PortableService.Cli.Commands.Inspect;

/// <summary>The `inspect` verb: what portablectl inspect shows, plus portabled's and systemd's checks, without root.</summary>
internal sealed class InspectCommandDefinition : Command
{
    public InspectCommandDefinition()
        : base("inspect", "Show an image's os-release and the units portabled would attach, and check it as portabled and systemd would, verity and signature included. Exits 1 when a check fails.")
    {
        Add(Image);
        Add(Cat);
        Add(Certificate);
        Add(SharedOptions.Json);
        Add(SharedOptions.Verbose);
    }

    public Argument<FileInfo> Image { get; } = new("IMAGE") { Description = "A portable service image (.raw), made by any builder." };

    public Option<bool> Cat { get; } = new("--cat") { Description = "Also print the unit files." };

    public Option<string?> Certificate { get; } = new("--certificate") { Description = "Check the root hash signature against this PEM certificate (or directory of *.crt) instead of /etc/verity.d, /run/verity.d, /usr/local/lib/verity.d and /usr/lib/verity.d." };
}
