using PortableService.Diagnostics;

namespace PortableService.Closure;

/// <summary>What goes into the image for a set of roots.</summary>
public sealed class ClosureResult
{
    internal ClosureResult(IReadOnlyList<ClosureItem> items, IReadOnlyList<Diagnostic> diagnostics)
    {
        Items = items;
        Diagnostics = diagnostics;
    }

    /// <summary>Sorted by ordinal path, without duplicates, and without any item inside a <see cref="ClosureItemKind.Tree"/> item.</summary>
    public IReadOnlyList<ClosureItem> Items { get; }

    /// <summary>Warnings: things missing when <see cref="ClosureOptions.AllowMissing"/> is set, files whose dependencies could not be read.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The sum of the items' sizes.</summary>
    public long TotalSize => Items.Sum(i => i.Size);
}
