using PortableService.Closure;
using PortableService.Diagnostics;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Validation;

namespace PortableService.Planning;

/// <summary>
/// The image as it will be written, decided before any byte is: what the spec puts in (<see cref="Entries"/>), what
/// its programs need (<see cref="Closure"/>), each with the reason it is there, and how the image is written.
/// <c>build</c> writes it, <c>closure</c> prints it.
/// </summary>
public sealed class ImagePlan
{
    internal ImagePlan(ValidatedSpec spec, IReadOnlyList<PlannedEntry> entries, ClosureResult closure, string osRelease, uint sourceDateEpoch, PlannedImageTree tree, IReadOnlyList<Diagnostic>? notes = null)
    {
        Tree = tree;
        Spec = spec;
        Entries = entries;
        Closure = closure;
        OsRelease = osRelease;
        SourceDateEpoch = sourceDateEpoch;
        Warnings = [.. notes ?? [], .. closure.Diagnostics];
    }

    public ValidatedSpec Spec { get; }

    /// <summary>What the spec puts into the image, sorted by path.</summary>
    public IReadOnlyList<PlannedEntry> Entries { get; }

    /// <summary>What the programs in the image need from the build host, at the same paths.</summary>
    public ClosureResult Closure { get; }

    /// <summary>The text of <c>/etc/os-release</c>.</summary>
    public string OsRelease { get; }

    /// <summary>The timestamp of every inode and of the image.</summary>
    public uint SourceDateEpoch { get; }

    /// <summary>The image as it will be written, as a file tree: what the checks before writing look at.</summary>
    internal PlannedImageTree Tree { get; }

    /// <summary>Warnings met while planning (allowed missing libraries, unreadable dependencies, what a .NET app's runtime goes without).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; }
}
