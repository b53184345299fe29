using System.Collections.Concurrent;
using PortableService.Closure.Elf;
using PortableService.Closure.Nix;
using PortableService.Diagnostics;
using PortableService.FileTrees;

namespace PortableService.Closure;

/// <summary>
/// Finds everything a set of roots needs at run time: Nix store paths with their Nix closure, and host files with
/// their ELF interpreter, shared libraries (found as glibc's ld.so finds them), <c>#!</c> interpreters, and every
/// symlink on the way. What it reads from the host (file metadata, ELF headers, <c>ld.so.cache</c>, the Nix
/// database) is remembered for the resolver's life: use a new resolver to see later changes. Calls are serialised.
/// </summary>
public sealed class ClosureResolver : IDisposable
{
    private readonly object _gate = new();
    /// <summary>Below this many files, reading their first blocks in parallel is not worth starting threads.</summary>
    private const int ParallelProbeThreshold = 16;

    private readonly ConcurrentDictionary<string, ProbedFile> _probes = new(StringComparer.Ordinal);

    /// <summary>A resolver for host files: what they need is looked for on the build host.</summary>
    public ClosureResolver(ClosureOptions options)
        : this(options, HostFileTree.Instance, HostFileTree.Instance, building: true)
    {
    }

    /// <param name="options">How dependencies are found.</param>
    /// <param name="image">The tree paths are resolved in: the host, the planned image over the host, or an image.</param>
    /// <param name="configuration">The tree <c>ld.so.cache</c> and <c>ld.so.conf</c> are read from.</param>
    /// <param name="building">
    /// Gathering an image's files: store paths take their closure from Nix. Otherwise an image is being checked: store
    /// paths are plain files there.
    /// </param>
    internal ClosureResolver(ClosureOptions options, IFileTree image, IFileTree configuration, bool building)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.StoreDirectory);
        if (!options.StoreDirectory.StartsWith('/'))
        {
            throw new ArgumentException($"The store directory must be an absolute path, not '{options.StoreDirectory}'.", nameof(options));
        }

        Options = options;
        Building = building;
        FileSystem = new PathResolver(image);
        var configurationFiles = ReferenceEquals(configuration, image) ? FileSystem : new PathResolver(configuration);
        Loader = new DynamicLoader(options, FileSystem, configurationFiles, AbiOf);
        Nix = new NixClosure(options, image is HostFileTree ? FileSystem : new PathResolver(HostFileTree.Instance));
    }

    public ClosureOptions Options { get; }

    /// <summary>The tree the closure is resolved in, with its answers remembered.</summary>
    internal PathResolver FileSystem { get; }

    /// <summary>See the constructor's <c>building</c>.</summary>
    internal bool Building { get; }

    internal DynamicLoader Loader { get; }

    internal NixClosure Nix { get; }

    internal string StoreDirectory => Options.StoreDirectory.Length > 1 ? Options.StoreDirectory.TrimEnd('/') : Options.StoreDirectory;

    /// <summary>Resolves the closure of <paramref name="roots"/>.</summary>
    /// <exception cref="DiagnosticException">
    /// Something needed cannot be found or read; every problem is listed (PS2001...), each naming the file, who needed
    /// it and where it was searched.
    /// </exception>
    public ClosureResult Resolve(IReadOnlyList<ClosureRoot> roots, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roots);
        for (var i = 0; i < roots.Count; i++)
        {
            if (roots[i] is null || string.IsNullOrEmpty(roots[i].HostPath))
            {
                throw new ArgumentException($"Root {i} has no path.", nameof(roots));
            }
        }

        lock (_gate)
        {
            return new ClosureWalk(this).Run(roots, cancellationToken);
        }
    }

    public void Dispose() => Nix.Dispose();

    /// <summary>The first block of a regular file, read once per resolver.</summary>
    internal ProbedFile Probe(string realPath, long length)
    {
        if (!_probes.TryGetValue(realPath, out var probe))
        {
            probe = ProbedFile.Read(FileSystem.Tree, realPath, length);
            _probes[realPath] = probe;
        }

        return probe;
    }

    /// <summary>
    /// Reads the first blocks of many regular files at once (a directory being walked): the reads are independent and
    /// mostly wait for the disk, so several in flight finish sooner than one after another.
    /// </summary>
    internal void Prefetch(IReadOnlyList<(string Path, long Size)> files, CancellationToken cancellationToken)
    {
        var missing = files.Where(f => !_probes.ContainsKey(f.Path)).ToArray();
        if (missing.Length < ParallelProbeThreshold || !FileSystem.Tree.SupportsParallelReads)
        {
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2), CancellationToken = cancellationToken };
        Parallel.ForEach(missing, options, file => _probes.TryAdd(file.Path, ProbedFile.Read(FileSystem.Tree, file.Path, file.Size)));
    }

    private ElfAbi? AbiOf(string realPath)
    {
        var node = FileSystem.Lstat(realPath);
        return node.Kind == FileNodeKind.File ? Probe(realPath, node.Size).Abi : null;
    }
}
