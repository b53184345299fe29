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

    public string ImageFileName => Spec.ImageFileName;

    /// <summary>The portable profile the services are checked against.</summary>
    public PortableProfile Profile { get; }
}
