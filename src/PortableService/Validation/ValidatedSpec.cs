using PortableService.Spec;
using PortableService.Systemd;
using Squashfs.Compression;

namespace PortableService.Validation;

/// <summary>
/// A spec that <see cref="SpecValidator"/> accepted, with what validation read and parsed kept, so that nothing is
/// read or parsed twice: each unit's text, the compression settings and the block size as types (their combination
/// checked). Host paths are absolute.
/// </summary>
public sealed class ValidatedSpec
{
    internal ValidatedSpec(PortableServiceSpec spec, IReadOnlyList<string> unitTexts, CompressionSettings compression, int blockSize, PortableProfile profile)
    {
        Profile = profile;
        Spec = spec;
        UnitTexts = unitTexts;
        Compression = compression;
        BlockSize = blockSize;
    }

    public PortableServiceSpec Spec { get; }

    /// <summary>The text of each unit, in the order of <see cref="PortableServiceSpec.Units"/>.</summary>
    public IReadOnlyList<string> UnitTexts { get; }

    public CompressionSettings Compression { get; }

    /// <summary>The squashfs block size in bytes.</summary>
    public int BlockSize { get; }

    /// <summary>The format, hash tree and signing key the image gets once written.</summary>
    public Building.ImageSealing Sealing { get; init; } = Building.ImageSealing.None;

    /// <summary>The image's name: <c>&lt;pname&gt;_&lt;version&gt;.raw</c>, or <c>&lt;pname&gt;_&lt;version&gt;</c> for a directory.</summary>
    public string ImageFileName => Sealing.Format == ImageFormat.Directory ? Path.GetFileNameWithoutExtension(Spec.ImageFileName) : Spec.ImageFileName;

    /// <summary>Where the image goes inside the output directory: <c>&lt;pname&gt;.v/</c> when versioned, else nowhere deeper.</summary>
    public string OutputSubdirectory => Spec.Versioned ? Spec.Pname + ".v" : string.Empty;

    /// <summary>What validation warned about (a base image without units, an EC signing key...): the build reports them.</summary>
    public IReadOnlyList<Diagnostics.Diagnostic> Warnings { get; init; } = [];

    /// <summary>What kind of image the spec builds.</summary>
    public ImageType Type { get; init; }

    /// <summary>The os-release fields of <see cref="PortableServiceSpec.Base"/>; null without a base.</summary>
    public IReadOnlyDictionary<string, string>? BaseOsRelease { get; init; }

    /// <summary>Where the units go: <c>/usr/lib/systemd/system</c> in an extension (its <c>/etc</c> is never laid over the base), else <c>/etc/systemd/system</c>.</summary>
    public string UnitDirectory => ImageScaffold.UnitDirectoryOf(Type);

    /// <summary>The image path of a unit.</summary>
    public string UnitPath(string unitName) => ImageScaffold.UnitPath(Type, unitName);

    /// <summary>The portable profile the services are checked against.</summary>
    public PortableProfile Profile { get; }
}
