using System.CommandLine;
using System.Text.Json;
using PortableService.Building;
using PortableService.Cli.Commands.Cache;
using PortableService.Cli.Output;
using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;

namespace PortableService.Cli.Commands.Build;

/// <summary>Runs `build`: spec file, then command-line overrides, then validation, then the builder.</summary>
internal static class BuildCommand
{
    public static int Execute(ParseResult parse, BuildCommandDefinition definition, CommandOutput output, CancellationToken cancellationToken)
    {
        var spec = ReadSpec(parse, definition);
        var epochText = parse.GetValue(definition.SourceDateEpoch);
        var options = new BuildOptions
        {
            SourceDateEpoch = epochText is null ? null : SourceDateEpoch.Parse(epochText),
            BlockCache = CacheOptions.Resolve(parse),
            Closure = SharedOptions.ClosureOptions(parse),
            Strict = parse.GetValue(definition.Strict),
        };
        var json = parse.GetValue(SharedOptions.Json);
        var quiet = parse.GetValue(definition.Quiet);
        var progress = !json && !quiet && output.ErrorIsTerminal ? new ProgressDisplay(output.Error) : null;
        var image = PortableImageBuilder.Build(spec, parse.GetValue(definition.Output)!.FullName, options, progress, cancellationToken);
        if (json)
        {
            var record = new BuildJson(
                image.Path,
                image.Size,
                image.Sha256,
                image.Files,
                image.BytesIn,
                image.ClosureItems,
                image.Writer,
                Math.Round(image.Elapsed.TotalSeconds, 3),
                [.. image.Warnings.Select(w => new WarningJson(w.Code, w.Message))])
            {
                Format = image.Format.ToString().ToLowerInvariant(),
                RootHash = image.RootHash,
                Sidecars = image.Sidecars,
                Signed = image.Signed,
            };
            output.Out.WriteLine(JsonSerializer.Serialize(record, JsonOutput.Default.BuildJson));
        }
        else if (!quiet)
        {
            foreach (var warning in image.Warnings)
            {
                output.Error.WriteLine(TerminalText.Line(warning));
            }

            output.Out.WriteLine($"{image.Path}");
            output.Error.WriteLine($"built {Path.GetFileName(image.Path)}: {Sizes.Format(image.Size)}, {image.Files} files ({Sizes.Format(image.BytesIn)} in), {image.ClosureItems} closure items, {image.Elapsed.TotalSeconds:0.00} s, sha256 {image.Sha256}");
            foreach (var sidecar in image.Sidecars)
            {
                output.Out.WriteLine(sidecar);
            }

            if (image.RootHash is { } rootHash)
            {
                output.Error.WriteLine($"verity root hash {rootHash}{(image.Signed ? ", signed" : string.Empty)}");
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>The spec file (relative paths resolved against its folder), with the options laid over it.</summary>
    private static ValidatedSpec ReadSpec(ParseResult parse, BuildCommandDefinition d)
    {
        var file = parse.GetValue(d.Spec);
        var pname = parse.GetValue(d.Pname);
        var version = parse.GetValue(d.Version);
        SpecReadResult read;
        if (file is not null)
        {
            read = SpecReader.ReadFile(file.FullName);
        }
        else if (pname is null || version is null)
        {
            throw new DiagnosticException([new Diagnostic(SpecDiagnosticCodes.NoSpecGiven, DiagnosticSeverity.Error, "Give a spec file, or at least --pname, --version and --unit.", null)]);
        }
        else
        {
            read = new SpecReadResult(new PortableServiceSpec(pname, version, []), []);
        }

        var spec = read.Spec;
        var units = parse.GetValue(d.Units) ?? [];
        var exclude = parse.GetValue(d.Exclude) ?? [];
        var contents = (parse.GetValue(d.Contents) ?? [])
            .Select(text => ParseContent(text) with { Exclude = exclude, AllowDevices = parse.GetValue(d.AllowDevices), AllowSetId = parse.GetValue(d.AllowSetId) })
            .ToList();
        var symlinks = (parse.GetValue(d.Symlinks) ?? []).Select(ParseSymlink).ToList();
        var osRelease = new Dictionary<string, string>(spec.OsRelease);
        foreach (var pair in parse.GetValue(d.OsRelease) ?? [])
        {
            var (key, value) = SplitPair(pair, '=', "--os-release", "KEY=VALUE");
            osRelease[key] = value;
        }

        var tools = parse.GetValue(d.SquashfsTools);
        var origins = OptionOrigins(parse, d, spec, units, parse.GetValue(d.Contents) ?? [], parse.GetValue(d.Symlinks) ?? []);
        spec = spec with
        {
            Pname = pname ?? spec.Pname,
            Version = version ?? spec.Version,
            Units = units.Length > 0 ? [.. units.Select(u => UnitSource.FromFile(Path.GetFullPath(u)))] : spec.Units,
            Description = parse.GetValue(d.DescriptionOption) ?? spec.Description,
            Homepage = parse.GetValue(d.Homepage) ?? spec.Homepage,
            Contents = [.. spec.Contents, .. contents],
            Symlinks = [.. spec.Symlinks, .. symlinks],
            OsRelease = osRelease,
            SquashfsTools = tools is null ? spec.SquashfsTools : Path.GetFullPath(tools),
            SquashCompression = parse.GetValue(d.SquashCompression) ?? spec.SquashCompression,
            SquashBlockSize = parse.GetValue(d.SquashBlockSize) ?? spec.SquashBlockSize,
            Profile = parse.GetValue(d.Profile) ?? spec.Profile,
            Verity = parse.GetValue(d.Verity) || spec.Verity,
            PrivateKey = FullPath(parse.GetValue(d.PrivateKey)) ?? spec.PrivateKey,
            Certificate = FullPath(parse.GetValue(d.Certificate)) ?? spec.Certificate,
            Format = parse.GetValue(d.Format) ?? spec.Format,
            Architecture = parse.GetValue(d.Architecture) ?? spec.Architecture,
            Type = parse.GetValue(d.Type) ?? spec.Type,
            Base = FullPath(parse.GetValue(d.Base)) ?? spec.Base,
            Versioned = parse.GetValue(d.Versioned) || spec.Versioned,
        };
        return SpecValidator.ValidateOrThrow(read with { Spec = spec, Origins = origins });
    }

    /// <summary>
    /// The JSON paths whose values came from options, with how to name them instead: a message about
    /// `--squash-block-size 2M` should say so, not speak of a $.squash-block-size the user never wrote.
    /// </summary>
    private static SpecOrigins OptionOrigins(ParseResult parse, BuildCommandDefinition d, PortableServiceSpec fromFile, string[] units, string[] contents, string[] symlinks)
    {
        var origins = new Dictionary<string, string>();
        void Scalar<T>(Option<T> option, string jsonPath, string name)
        {
            if (parse.GetValue(option) is not null)
            {
                origins[jsonPath] = name;
            }
        }

        for (var i = 0; i < symlinks.Length; i++)
        {
            var index = fromFile.Symlinks.Count + i;
            origins[$"$.symlinks[{index}].symlink"] = $"--symlink '{symlinks[i]}' (its link)";
            origins[$"$.symlinks[{index}].object"] = $"--symlink '{symlinks[i]}' (its object)";
            origins[$"$.symlinks[{index}]"] = $"--symlink '{symlinks[i]}'";
        }

        for (var i = 0; i < contents.Length; i++)
        {
            var index = fromFile.Contents.Count + i;
            origins[$"$.contents[{index}].target"] = $"--content '{contents[i]}' (its target)";
            origins[$"$.contents[{index}]"] = $"--content '{contents[i]}'";
        }

        for (var i = 0; i < units.Length; i++)
        {
            origins[$"$.units[{i}]"] = $"--unit '{units[i]}'";
        }

        Scalar(d.Pname, "$.pname", "--pname");
        Scalar(d.Version, "$.version", "--version");
        Scalar(d.DescriptionOption, "$.description", "--description");
        Scalar(d.Homepage, "$.homepage", "--homepage");
        Scalar(d.SquashfsTools, "$.squashfsTools", "--squashfs-tools");
        Scalar(d.SquashCompression, "$.squash-compression", "--squash-compression");
        Scalar(d.SquashBlockSize, "$.squash-block-size", "--squash-block-size");
        Scalar(d.Profile, "$.profile", "--profile");
        Scalar(d.PrivateKey, "$.privateKey", "--private-key");
        Scalar(d.Certificate, "$.certificate", "--certificate");
        Scalar(d.Format, "$.format", "--format");
        Scalar(d.Architecture, "$.architecture", "--architecture");
        Scalar(d.Type, "$.type", "--type");
        Scalar(d.Base, "$.base", "--base");
        if (parse.GetValue(d.Verity))
        {
            origins["$.verity"] = "--verity";
        }

        return new SpecOrigins(origins);
    }

    private static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);

    private static ContentSpec ParseContent(string text)
    {
        var colon = text.IndexOf(':');
        if (colon == 0)
        {
            throw Malformed("--content", text, "PATH or SOURCE:TARGET");
        }

        return colon < 0 ? new ContentSpec(Path.GetFullPath(text)) : new ContentSpec(Path.GetFullPath(text[..colon]), text[(colon + 1)..]);
    }

    private static SymlinkSpec ParseSymlink(string text)
    {
        var (symlink, target) = SplitPair(text, '=', "--symlink", "SYMLINK=OBJECT");
        if (target.Length == 0)
        {
            throw Malformed("--symlink", text, "SYMLINK=OBJECT");
        }

        return new SymlinkSpec(target.StartsWith('/') ? target : Path.GetFullPath(target), symlink);
    }

    private static (string Key, string Value) SplitPair(string text, char separator, string option, string shape)
    {
        var at = text.IndexOf(separator);
        return at > 0 ? (text[..at], text[(at + 1)..]) : throw Malformed(option, text, shape);
    }

    private static DiagnosticException Malformed(string option, string text, string shape) =>
        new([new Diagnostic(SpecDiagnosticCodes.MalformedOption, DiagnosticSeverity.Error, $"{option} '{text}' is not of the form {shape}.", option)]);
}
