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
        Add(Profile);
        Add(SystemdVersion);
        Add(AllProfiles);
        Add(Certificate);
        Add(Base);
        Add(SharedOptions.Json);
        Add(SharedOptions.Verbose);
    }

    public Argument<FileInfo> Image { get; } = new("IMAGE") { Description = "A portable service image (.raw) made by any builder, or an image directory (build --format directory)." };

    public Option<bool> Cat { get; } = new("--cat") { Description = "Also print the unit files." };

    public Option<string> Profile { get; } = new("--profile") { Description = "The portable profile to check the services against: a name (from this machine, else built in) or a service.conf file.", DefaultValueFactory = _ => "default" };

    public Option<int?> SystemdVersion { get; } = new("--systemd") { Description = "Use the standard profiles of this systemd version (252 or 257), not this machine's." };

    public Option<bool> AllProfiles { get; } = new("--all-profiles") { Description = "Check under each standard profile and print whether the services would start." };
    public Option<string?> Base { get; } = new("--base") { Description = "For an extension: the base image (NAME.raw or an image directory) to check it against, as portablectl attach --extension would; its services are checked over that base." };

    public Option<string?> Certificate { get; } = new("--certificate") { Description = "Check the root hash signature against this PEM certificate (or directory of *.crt) instead of /etc/verity.d, /run/verity.d, /usr/local/lib/verity.d and /usr/lib/verity.d." };
}
