using System.CommandLine;
using PortableService.Cli.Commands.Cache;
using PortableService.Spec;
using PortableService.Systemd;

namespace PortableService.Cli.Commands.Build;

/// <summary>The `build` verb's arguments and options; the spec file's keys, as options that override it.</summary>
internal sealed class BuildCommandDefinition : Command
{
    public BuildCommandDefinition()
        : base("build", "Build <pname>_<version>.raw, a systemd portable service image, from a spec file and/or options.")
    {
        Add(Spec);
        Add(Pname);
        Add(Version);
        Add(Units);
        Add(DescriptionOption);
        Add(Homepage);
        Add(Contents);
        Add(Exclude);
        Add(AllowDevices);
        Add(AllowSetId);
        Add(Symlinks);
        Add(OsRelease);
        Add(SquashfsTools);
        Add(SquashCompression);
        Add(SquashBlockSize);
        Add(Profile);
        Add(Strict);
        Add(Verity);
        Add(PrivateKey);
        Add(Certificate);
        Add(Format);
        Add(Architecture);
        Add(Type);
        Add(Base);
        Add(Versioned);
        Add(Output);
        CacheOptions.AddTo(this);
        Add(SharedOptions.AllowMissing);
        Add(SharedOptions.ExtraLibraryDirectories);
        Add(SourceDateEpoch);
        Add(SharedOptions.Json);
        Add(Quiet);
        Add(SharedOptions.Verbose);
    }

    public Argument<FileInfo?> Spec { get; } = new("SPEC") { Description = "A JSON spec file with the keys of nixpkgs' portableService (pname, version, units, ...).", Arity = ArgumentArity.ZeroOrOne };

    public Option<string?> Pname { get; } = new("--pname") { Description = "The service name: [A-Za-z0-9.-], no '_'." };

    public Option<string?> Version { get; } = new("--version") { Description = "The service version; the image is <pname>_<version>.raw." };

    public Option<string[]> Units { get; } = new("--unit", "-u") { Description = "A unit file (repeatable); replaces the spec's units.", AllowMultipleArgumentsPerToken = false };

    public Option<string?> DescriptionOption { get; } = new("--description") { Description = "PORTABLE_PRETTY_NAME in os-release." };

    public Option<string?> Homepage { get; } = new("--homepage") { Description = "HOME_URL in os-release." };

    public Option<string[]> Contents { get; } = new("--content", "-c") { Description = "A file or directory to include with its closure, as PATH or SOURCE:TARGET (repeatable; added to the spec's)." };

    public Option<string[]> Exclude { get; } = new("--exclude", "-x") { Description = "A glob to leave out of the --content directories (repeatable): a name such as *.pdb, or a path such as runtimes/win-*." };

    public Option<bool> AllowDevices { get; } = new("--allow-devices") { Description = "Keep device nodes found in the --content directories (refused otherwise: in the image they would give the service the host's hardware)." };

    public Option<bool> AllowSetId { get; } = new("--allow-set-id") { Description = "Keep set-user-ID and set-group-ID files in the --content directories (refused otherwise: every file in the image belongs to root, so they would run as root)." };

    public Option<string[]> Symlinks { get; } = new("--symlink", "-s") { Description = "SYMLINK=OBJECT: a symlink in the image pointing to OBJECT, whose closure is included (repeatable; added)." };

    public Option<string[]> OsRelease { get; } = new("--os-release") { Description = "KEY=VALUE: an extra or overriding os-release field (repeatable)." };

    public Option<string?> SquashfsTools { get; } = new("--squashfs-tools") { Description = "Write with this mksquashfs (a squashfs-tools directory or the binary) instead of the built-in writer." };

    public Option<string?> SquashCompression { get; } = new("--squash-compression") { Description = "Compressor and options in mksquashfs syntax (default \"xz -Xdict-size 100%\")." };

    public Option<string?> SquashBlockSize { get; } = new("--squash-block-size") { Description = "Block size, 4K to 1M (default 1M)." };

    public Option<string?> Profile { get; } = new("--profile") { Description = "The portable profile the service is meant for (default, nonetwork, strict, trusted, or a service.conf): its services are checked against it (default \"default\")." };

    public Option<bool> Strict { get; } = new("--strict") { Description = "Fail when a service would not start under the profile, instead of warning." };
    public Option<bool> Verity { get; } = new("--verity") { Description = "Also write NAME.verity (the dm-verity hash tree) and NAME.roothash beside the image." };

    public Option<string?> PrivateKey { get; } = new("--private-key") { Description = "PEM private key that signs the root hash (NAME.roothash.p7s, or a DDI's signature partition); needs --certificate." };

    public Option<string?> Certificate { get; } = new("--certificate") { Description = "PEM certificate of --private-key, or a PKCS#12 file holding both (then without --private-key)." };

    public Option<string?> Format { get; } = new("--format") { Description = "squashfs (default: the naked image), ddi (a GPT discoverable disk image: root, verity and signature partitions) or directory (<pname>_<version>/, for portablectl attach --copy=symlink)." };

    public Option<string?> Type { get; } = new("--type") { Description = "portable (default: a service, or without units a base image), extension (a portable extension: /usr and /opt over a base image) or confext (/etc only)." };

    public Option<string?> Base { get; } = new("--base") { Description = "The base image (NAME.raw or an image directory) an extension is for: its ID and VERSION_ID go into the extension-release file, and what it holds is not copied (default: ID=_any)." };

    public Option<bool> Versioned { get; } = new("--versioned") { Description = "Write <pname>.v/<pname>_<version>.raw, from which portablectl attach <pname>.v/ (systemd 256 and later) takes the newest." };

    public Option<string?> Architecture { get; } = new("--architecture") { Description = "Whose partition types a DDI uses: x86-64, arm64, ... (default: this machine's)." };

    public Option<DirectoryInfo> Output { get; } = new("--output", "-o") { Description = "Directory to write the image to.", DefaultValueFactory = _ => new DirectoryInfo(".") };

    public Option<string?> SourceDateEpoch { get; } = new("--source-date-epoch") { Description = "Timestamp of every file (default: $SOURCE_DATE_EPOCH, else 0)." };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print nothing but errors." };
}
