using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PortableService.Building;
using PortableService.Diagnostics;
using PortableService.DotNet;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;

namespace PortableService.Build;

/// <summary>
/// Builds <c>&lt;name&gt;_&lt;version&gt;.raw</c> from a published .NET app, in-process: the publish folder goes to
/// <see cref="AppDirectory"/> with what its runtime loads, under the given units or a generated one. Every diagnostic
/// becomes an MSBuild error or warning with its PS code.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "MSBuild never disposes a task; a token source without a timer or wait handle holds nothing the collector cannot free.")]
public sealed class PublishPortableServiceImage : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private const string SocketProperty = "PortableServiceSocket";

    private readonly CancellationTokenSource _cancellation = new();

    [Required]
    public string Name { get; set; } = string.Empty;

    [Required]
    public string Version { get; set; } = string.Empty;

    public string? Description { get; set; }

    public string? Homepage { get; set; }

    [Required]
    public string PublishDirectory { get; set; } = string.Empty;

    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>Where the publish folder lies in the image.</summary>
    [Required]
    public string AppDirectory { get; set; } = string.Empty;

    public string? Compression { get; set; }

    public string? BlockSize { get; set; }

    /// <summary>The portable profile the service is meant for; the build checks the services against it (a JIT app under MemoryDenyWriteExecute=yes is warned about).</summary>
    public string? Profile { get; set; }

    public string? Urls { get; set; }

    /// <summary>What a generated <c>&lt;name&gt;.socket</c> listens on (<c>ListenStream=</c>); empty for none.</summary>
    public string? Socket { get; set; }

    public bool InvariantGlobalization { get; set; }

    public bool IncludeDebugSymbols { get; set; }

    /// <summary>Unit files; none generates <c>&lt;name&gt;.service</c>.</summary>
    public ITaskItem[] Units { get; set; } = [];

    /// <summary>
    /// More contents: the item is the source, metadata <c>ImagePath</c> (where it goes; MSBuild reserves <c>Target</c>),
    /// <c>ImageExclude</c> (globs separated by <c>;</c> or <c>,</c>), and <c>AllowDevices</c> / <c>AllowSetId</c>
    /// (<c>true</c> lets device nodes or set-ID files in, as the spec's <c>allowDevices</c> / <c>allowSetId</c>).
    /// </summary>
    public ITaskItem[] Contents { get; set; } = [];

    /// <summary>Symlinks: the item is the symlink's path in the image, metadata <c>Object</c> what it points to.</summary>
    public ITaskItem[] Symlinks { get; set; } = [];

    /// <summary>os-release fields: the item is the key, metadata <c>Value</c> the value.</summary>
    public ITaskItem[] OsRelease { get; set; } = [];

    [Output]
    public string? ImagePath { get; set; }

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute()
    {
        var app = DotNetAppDetector.Detect(Path.GetFullPath(PublishDirectory));

        var socket = string.IsNullOrEmpty(Socket) ? null : Socket;
        var units = Units.Select(u => (UnitSource)UnitSource.FromFile(u.GetMetadata("FullPath"))).ToList();
        if (socket is not null && (units.Count > 0 || !DotNetServiceUnit.IsListenStream(socket)))
        {
            Report(units.Count > 0 ? DotNetMessages.SocketWithOwnUnits(SocketProperty) : DotNetMessages.SocketNotListenStream(SocketProperty, socket));
            return false;
        }

        if (units.Count == 0)
        {
            if (app is null)
            {
                Report(DotNetMessages.NoAppFound(PublishDirectory));
                return false;
            }

            var description = string.IsNullOrEmpty(Description) ? null : Description;
            units.Add(DotNetServiceUnit.Create(Name, app, AppDirectory, new DotNetServiceUnitOptions
            {
                Description = description,
                Urls = string.IsNullOrEmpty(Urls) ? new DotNetServiceUnitOptions().Urls : Urls,
                Socket = socket,
            }));
            if (socket is not null)
            {
                units.Add(DotNetServiceUnit.CreateSocket(Name, socket, description));
            }
        }

        var spec = new PortableServiceSpec(Name, Version, units)
        {
            Description = string.IsNullOrEmpty(Description) ? null : Description,
            Homepage = string.IsNullOrEmpty(Homepage) ? null : Homepage,
            Contents = [new ContentSpec(Path.GetFullPath(PublishDirectory), AppDirectory), .. Contents.Select(ToContent)],
            Symlinks = [.. Symlinks.Select(s => new SymlinkSpec(s.GetMetadata("Object"), s.ItemSpec))],
            OsRelease = OsRelease.ToDictionary(o => o.ItemSpec, o => o.GetMetadata("Value"), StringComparer.Ordinal),
            SquashCompression = string.IsNullOrEmpty(Compression) ? PortableServiceSpec.DefaultSquashCompression : Compression,
            SquashBlockSize = string.IsNullOrEmpty(BlockSize) ? PortableServiceSpec.DefaultSquashBlockSize : BlockSize,

            // The build checks the services against it: a JIT app under MemoryDenyWriteExecute=yes is warned about (PS4031).
            Profile = string.IsNullOrEmpty(Profile) ? null : Profile,
        };
        if (Log.HasLoggedErrors)
        {
            return false;
        }

        var options = new BuildOptions { DotNet = new DotNetOptions { InvariantGlobalization = InvariantGlobalization, IncludeDebugSymbols = IncludeDebugSymbols } };
        try
        {
            var image = PortableImageBuilder.Build(spec, OutputDirectory, options, cancellationToken: _cancellation.Token);
            foreach (var warning in image.Warnings)
            {
                Report(warning);
            }

            ImagePath = image.Path;
            Log.LogMessage(MessageImportance.High, $"{Name} -> {image.Path} ({image.Size >> 20} MiB, {image.Elapsed.TotalSeconds:0.0} s)");
        }
        catch (DiagnosticException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                Report(diagnostic);
            }
        }
        catch (OperationCanceledException)
        {
            Log.LogWarning($"Building {spec.ImageFileName} was cancelled; no image was written.");
            return false;
        }

        return !Log.HasLoggedErrors;
    }

    private ContentSpec ToContent(ITaskItem item)
    {
        var target = item.GetMetadata("ImagePath");
        return new ContentSpec(item.GetMetadata("FullPath"), string.IsNullOrEmpty(target) ? null : target)
        {
            Exclude = item.GetMetadata("ImageExclude").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            AllowDevices = Flag(item, "AllowDevices"),
            AllowSetId = Flag(item, "AllowSetId"),
        };
    }

    /// <summary>A content's yes/no metadata: absent or empty is false; a value other than true or false is an error naming the item.</summary>
    private bool Flag(ITaskItem item, string metadata)
    {
        var value = item.GetMetadata(metadata);
        if (value.Length == 0)
        {
            return false;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        Report(new Diagnostic(SpecDiagnosticCodes.WrongType, DiagnosticSeverity.Error, $"PortableServiceContent '{item.ItemSpec}': {metadata}=\"{value}\" is neither true nor false; give true to let them in, or leave it out.", item.ItemSpec));
        return false;
    }

    private void Report(Diagnostic diagnostic)
    {
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            Log.LogError(null, diagnostic.Code, null, diagnostic.Location, 0, 0, 0, 0, diagnostic.Message);
        }
        else
        {
            Log.LogWarning(null, diagnostic.Code, null, diagnostic.Location, 0, 0, 0, 0, diagnostic.Message);
        }
    }
}
